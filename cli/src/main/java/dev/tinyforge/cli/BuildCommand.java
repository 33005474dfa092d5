package dev.tinyforge.cli;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.FirmwareBuilder;
import dev.tinyforge.boards.FirmwareProject;
import dev.tinyforge.deploy.FirmwareJob;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.plan.PatchPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tinyforge build}: a firmware project for a board (model C, kernels, harness, startup,
 * console, linker scripts, Makefile) and its ELF, with the RAM and flash the linker reports.
 */
@Command(name = "build", description = "Generate and build the firmware of a model for a board: DIR/firmware.elf.")
final class BuildCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.tflite")
    Path file;

    @Mixin
    BoardOption board;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Project directory.")
    Path dir;

    @Option(names = "--input", paramLabel = "IN.bin", description = "Raw input bytes to embed; repeat it for a model with "
            + "several inputs, in the model's order (default: seeded random).")
    List<Path> input = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random input (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--runs", defaultValue = "2", description = "Times the harness runs the model (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--console", paramLabel = "uart|semihosting", description = "Where the harness reports: uart (the "
            + "board's serial console, read by `bench --port`; the default when the board describes one) or "
            + "semihosting (through a debugger or QEMU).")
    String console;

    @Mixin
    PatchOption patches;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        BoardSpec b = board.spec();
        ModelFiles.checkOutputDirectory(dir);
        Graph g = ModelFiles.readModel(file);
        PatchPlan pp = patches.resolve(g, b);
        FirmwareProject.Console c = consoleOption(console, b);
        FirmwareJob job = FirmwareJob.of(file.toString(), ModelFiles.provenance(file, g), g, b, pp,
                ModelFiles.inputs(g, input, seed), runs, c);
        FirmwareBuilder.Build build = job.build(dir, new ConsoleProgress(spec.commandLine().getErr()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("wrote %s for %s (%s): %s%s%n", dir, b.id(), b.core(), build.elf().getFileName(),
                build.qemuElf().equals(build.elf()) ? "" : " and " + build.qemuElf().getFileName() + " (QEMU "
                        + b.qemuMachine() + " addresses)");
        if (pp != null) {
            out.printf("  patches: %s%n", pp.describe());
        }
        out.printf("  RAM   %10s (.data + .bss) = arena %s + harness %d bytes; the stack is the rest of %s%n",
                Format.bytes(build.sizes().ramBytes()), Format.bytes(build.arenaBytes()), build.harnessRamBytes(),
                Format.bytes(b.sramBytes()));
        out.printf("  flash %10s of %s%n", Format.bytes(build.sizes().flashBytes()),
                Format.flashLimit(b));
        if (!b.isLinux()) {
            out.printf("  console: %s%n", c == FirmwareProject.Console.UART
                    ? b.console().describe() + " (read it with `tinyforge bench " + file + " --board " + b.id()
                            + " --port DEV`); firmware-qemu.elf on QEMU's UART0: qemu-system-arm -M " + b.qemuMachine()
                            + " -nographic -kernel " + dir.resolve(FirmwareBuilder.QEMU_ELF) + ", then type r"
                    : "semihosting (needs a debugger: `arm semihosting enable` in OpenOCD, or QEMU -semihosting)");
        }
        if (!b.notes().isBlank()) {
            out.printf("  note: %s%n", b.notes());
        }
        return 0;
    }

    /** {@code --console uart|semihosting}, or the board's default when absent. */
    static FirmwareProject.Console consoleOption(String value, BoardSpec b) {
        if (value == null) {
            return FirmwareProject.Console.defaultFor(b);
        }
        return switch (value) {
            case "uart" -> FirmwareProject.Console.UART;
            case "semihosting" -> FirmwareProject.Console.SEMIHOSTING;
            default -> throw new IllegalArgumentException("--console '" + value + "': expected uart or semihosting");
        };
    }
}
