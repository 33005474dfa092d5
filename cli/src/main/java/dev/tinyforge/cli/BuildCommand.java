package dev.tinyforge.cli;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Boards;
import dev.tinyforge.boards.FirmwareBuilder;
import dev.tinyforge.ir.Graph;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tinyforge build}: a firmware project for a board (model C, kernels, harness, startup,
 * linker scripts, Makefile) and its ELF, with the RAM and flash the linker reports next to the plan.
 */
@Command(name = "build", description = "Generate and build the firmware of a model for a board: DIR/firmware.elf.")
final class BuildCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.tflite")
    Path file;

    @Option(names = "--board", paramLabel = "B", defaultValue = Boards.DEFAULT,
            description = "Board id (default: ${DEFAULT-VALUE}); see `tinyforge boards`.")
    String board;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Project directory.")
    Path dir;

    @Option(names = "--input", paramLabel = "IN.bin", description = "Raw input bytes to embed (default: seeded random).")
    Path input;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random input (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--runs", defaultValue = "3", description = "Times the harness runs the model (default: ${DEFAULT-VALUE}).")
    int runs;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        BoardSpec b = Boards.get(board);
        Graph g = ModelFiles.readModel(file);
        PrintWriter out = spec.commandLine().getOut();
        FirmwareBuilder.Build build = FirmwareJob.build(file, g, b, FirmwareJob.input(g, input, seed), runs, dir,
                new ConsoleProgress(spec.commandLine().getErr()));
        out.printf("wrote %s for %s (%s): %s%s%n", dir, b.id(), b.core(), build.elf().getFileName(),
                build.qemuElf().equals(build.elf()) ? "" : " and " + build.qemuElf().getFileName() + " (QEMU "
                        + b.qemuMachine() + " addresses)");
        out.printf("  RAM   %10s (.data + .bss) = arena %s + harness %d bytes; the stack is the rest of %s%n",
                Format.bytes(build.sizes().ramBytes()), Format.bytes(build.arenaBytes()), build.harnessRamBytes(),
                Format.bytes(b.sramBytes()));
        out.printf("  flash %10s of %s%n", Format.bytes(build.sizes().flashBytes()),
                b.hasFlashLimit() ? Format.bytes(b.flashBytes()) : "no limit");
        return 0;
    }
}
