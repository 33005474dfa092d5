package dev.tinyforge.cli;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Boards;
import dev.tinyforge.boards.Emulator;
import dev.tinyforge.boards.FirmwareBuilder;
import dev.tinyforge.boards.HarnessReport;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.Runners;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tinyforge bench}: builds the firmware, runs it on the board's QEMU stand-in and reports the
 * output bytes (checked against TFLite's interpreter on the same input), the instruction count, the
 * latency it implies at the board's clock, the stack high-water mark and the linker's RAM and flash.
 */
@Command(name = "bench", description = "Run a model's firmware under emulation: output bytes (vs TFLite), "
        + "instructions, latency estimate, stack, SRAM and flash.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.tflite")
    Path file;

    @Option(names = "--board", paramLabel = "B", defaultValue = Boards.DEFAULT,
            description = "Board id (default: ${DEFAULT-VALUE}); see `tinyforge boards`.")
    String board;

    @Option(names = "--emulate", required = true, description = "Run on the board's QEMU stand-in "
            + "(qemu-system-arm, or qemu-aarch64 for Linux boards).")
    boolean emulate;

    @Option(names = "--input", paramLabel = "IN.bin", description = "Raw input bytes (default: seeded random).")
    Path input;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random input (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.bin", description = "Write the output bytes here.")
    Path output;

    @Option(names = "--dir", paramLabel = "DIR", description = "Keep the firmware project here (default: a temporary "
            + "directory, deleted afterwards).")
    Path dir;

    @Option(names = "--runs", defaultValue = "2", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--json", description = "Print JSON (keys include output_hex, matches_tflite, instructions, "
            + "latency_ms, stack_bytes, ram_bytes, flash_bytes).")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        BoardSpec b = Boards.get(board);
        byte[] model = ModelFiles.read(file);
        Graph g = ModelFiles.readModel(file);
        byte[] in = FirmwareJob.input(g, input, seed);
        Path work = dir != null ? dir : Files.createTempDirectory("tinyforge-bench");
        Map<String, Object> r;
        boolean matches;
        try {
            FirmwareBuilder.Build build = FirmwareJob.build(file, g, b, in, runs, work,
                    new ConsoleProgress(spec.commandLine().getErr()));
            Emulator.Run run = Emulator.run(b, build.qemuElf());
            byte[] expected;
            try (Runner tflite = Runners.open("tflite", model, file.toString(), new RunnerOptions(1, false))) {
                expected = tflite.run(List.of(in)).get(0);
            }
            matches = Arrays.equals(expected, run.report().output());
            r = report(b, build, run, matches);
            if (output != null) {
                Files.write(output, run.report().output());
            }
        } finally {
            if (dir == null) {
                deleteTree(work);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(r));
        } else {
            print(out, r);
        }
        if (!matches) {
            spec.commandLine().getErr().println("tinyforge: error: " + file + ": the emulated output differs from "
                    + "TFLite's on the same input (" + r.get("differing_bytes") + " bytes)");
            return 1;
        }
        return 0;
    }

    private static Map<String, Object> report(BoardSpec b, FirmwareBuilder.Build build, Emulator.Run run,
            boolean matches) {
        HarnessReport h = run.report();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("board", b.id());
        r.put("emulator", b.isLinux() ? "qemu-aarch64 -cpu " + b.core() : "qemu-system-arm -M " + b.qemuMachine());
        r.put("timer", h.timer());
        r.put("output_hex", java.util.HexFormat.of().formatHex(h.output()));
        r.put("matches_tflite", matches);
        r.put("instructions", run.instructions() >= 0 ? run.instructions() : null);
        r.put("latency_ms", run.instructions() >= 0 ? run.instructions() * 1000.0 / b.clockHz() : null);
        r.put("latency_basis", run.instructions() >= 0 ? "instructions at " + b.clockHz() / 1_000_000
                + " MHz, one instruction per cycle (an estimate: instructions are not cycles)"
                : "none: qemu-aarch64 user mode counts no instructions; run on the board for a latency");
        r.put("stack_bytes", h.stackBytes() >= 0 ? h.stackBytes() : null);
        r.put("arena_bytes", build.arenaBytes());
        if (b.isLinux()) {
            r.put("executable_bytes", build.sizes().flashBytes() + build.sizes().ramBytes());
        } else {
            r.put("ram_bytes", build.sizes().ramBytes());
            r.put("harness_ram_bytes", build.harnessRamBytes());
            r.put("flash_bytes", build.sizes().flashBytes());
        }
        r.put("runs", h.ticks().size());
        if (!matches) {
            r.put("differing_bytes", -1);
        }
        return r;
    }

    private static void print(PrintWriter out, Map<String, Object> r) {
        out.printf("%s under %s (timer: %s)%n", r.get("board"), r.get("emulator"), r.get("timer"));
        out.printf("  output        %s%n", r.get("output_hex"));
        out.printf("  vs TFLite     %s%n", Boolean.TRUE.equals(r.get("matches_tflite")) ? "bit-exact" : "DIFFERS");
        if (r.get("instructions") != null) {
            out.printf("  instructions  %s%n", Format.count((Long) r.get("instructions")));
            out.printf("  latency       %.2f ms (%s)%n", (Double) r.get("latency_ms"), r.get("latency_basis"));
        } else {
            out.printf("  latency       %s%n", r.get("latency_basis"));
        }
        if (r.get("stack_bytes") != null) {
            out.printf("  stack         %s (high-water mark)%n", Format.bytes((Long) r.get("stack_bytes")));
        }
        if (r.containsKey("ram_bytes")) {
            out.printf("  RAM           %s = arena %s + harness %d bytes (.data + .bss)%n",
                    Format.bytes((Long) r.get("ram_bytes")), Format.bytes((Long) r.get("arena_bytes")),
                    (Long) r.get("harness_ram_bytes"));
            out.printf("  flash         %s (with the embedded input)%n", Format.bytes((Long) r.get("flash_bytes")));
        } else {
            out.printf("  arena         %s; static executable %s (glibc included)%n",
                    Format.bytes((Long) r.get("arena_bytes")), Format.bytes((Long) r.get("executable_bytes")));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
