package dev.tinyforge.cli;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.FirmwareBuilder;
import dev.tinyforge.boards.Flasher;
import dev.tinyforge.boards.HarnessReport;
import dev.tinyforge.deploy.BoardRunner;
import dev.tinyforge.deploy.LayerProfile;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.Runners;
import dev.tinyforge.util.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tinyforge bench}: builds the firmware and runs it on the board's QEMU stand-in
 * ({@code --emulate}, semihosting console) or on the board itself ({@code --port DEV}: flashed through
 * OpenOCD, UART console read over the serial port), and reports the output bytes (checked against
 * TFLite's interpreter on the same input), instructions (emulated) or cycles (board), the latency
 * they imply at the board's clock, the stack high-water mark and the linker's RAM and flash.
 */
@Command(name = "bench", description = "Run a model's firmware under emulation or on the board: output bytes "
        + "(vs TFLite), instructions or cycles, latency estimate, stack, SRAM and flash.")
final class BenchCommand implements Callable<Integer> {
    /** Where the firmware runs: exactly one of the two. */
    static final class Target {
        @Option(names = "--emulate", required = true, description = "Run on the board's QEMU stand-in "
                + "(qemu-system-arm, or qemu-aarch64 for Linux boards).")
        boolean emulate;

        @Option(names = "--port", required = true, paramLabel = "DEV", description = "Run on the board: flash it "
                + "through OpenOCD, then read the harness over this serial port (e.g. /dev/ttyACM0).")
        String port;
    }

    @Parameters(index = "0", paramLabel = "FILE.tflite")
    Path file;

    @Mixin
    BoardOption board;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--no-flash", description = "With --port: do not flash; read the firmware the board already runs "
            + "(it must be the one this command would build: same model, input, runs and options).")
    boolean noFlash;

    @Option(names = "--flasher", paramLabel = "openocd|st-flash", defaultValue = "openocd",
            description = "With --port: program that flashes (default: ${DEFAULT-VALUE}).")
    String flasher;

    @Option(names = "--baud", paramLabel = "N", description = "With --port: baud rate (default: the board console's).")
    Integer baud;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "With --port: how long to wait for the report (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Mixin
    PatchOption patches;

    @Option(names = "--input", paramLabel = "IN.bin", description = "Raw input bytes; repeat it for a model with several "
            + "inputs, in the model's order (default: seeded random).")
    List<Path> input = new java.util.ArrayList<>();

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random input (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.bin|DIR", description = "Write the output bytes here; repeat it "
            + "for several outputs in the model's order, or give one directory for output_<i>.bin of every output.")
    List<Path> output = new java.util.ArrayList<>();

    @Option(names = "--dir", paramLabel = "DIR", description = "Keep the firmware project here (default: a temporary "
            + "directory, deleted afterwards).")
    Path dir;

    @Option(names = "--runs", defaultValue = "2", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--json", description = "Print JSON (keys include output_hex, matches_tflite, instructions, "
            + "latency_ms, stack_bytes, ram_bytes, flash_bytes; with --layers, layers and layer_classes).")
    boolean json;

    @Option(names = "--layers", description = "Also build a firmware that times every op, run it, and print each op's "
            + "instructions (cycles on a board) and instructions per MAC, and the totals per shape class.")
    boolean layers;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        BoardSpec b = board.spec();
        byte[] model = ModelFiles.read(file);
        Graph g = ModelFiles.readModel(file);
        List<byte[]> in = ModelFiles.inputs(g, input, seed);
        List<Path> targets = ModelFiles.outputFiles(output, g.outputs().size());
        Progress progress = new ConsoleProgress(spec.commandLine().getErr());
        BoardRunner.Options options = new BoardRunner.Options(target.port, !noFlash, Flasher.Program.of(flasher), baud,
                Duration.ofSeconds(timeoutSeconds), runs, dir, progress);
        BoardRunner runner = BoardRunner.open(file.toString(), ModelFiles.provenance(file, g), g, b,
                patches.resolve(g, b), options);
        BoardRunner.Measurement m = runner.measure(in);
        List<byte[]> expected;
        byte[] forTflite = ModelFiles.forTflite(model, g, file, spec.commandLine().getErr());
        try (Runner tflite = Runners.open("tflite", forTflite, file.toString(), new RunnerOptions(1, false))) {
            expected = tflite.run(in);
        }
        HarnessReport h = m.report();
        List<byte[]> got = h.outputs();
        boolean matches = got.size() == expected.size();
        for (int o = 0; matches && o < got.size(); o++) {
            matches = Arrays.equals(expected.get(o), got.get(o));
        }
        Map<String, Object> r = report(b, m, matches, expected);
        LayerProfile profile = layers ? runner.profileLayers(in) : null;
        if (profile != null) {
            r.putAll(layerReport(profile));
        }
        if (targets != null) {
            for (int o = 0; o < targets.size(); o++) {
                ModelFiles.write(targets.get(o), got.get(o));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(r));
        } else {
            print(out, r);
            if (profile != null) {
                printLayers(out, profile);
            }
        }
        if (!matches) {
            spec.commandLine().getErr().println("tinyforge: error: " + file + ": the " + (target.port != null
                    ? "board's" : "emulated") + " output differs from TFLite's on the same input ("
                    + r.get("differing_bytes") + " bytes)");
            return 1;
        }
        return 0;
    }

    private static Map<String, Object> report(BoardSpec b, BoardRunner.Measurement m, boolean matches,
            List<byte[]> expected) {
        HarnessReport h = m.report();
        FirmwareBuilder.Build build = m.build();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("board", b.id());
        r.put("ran_on", m.ranOn());
        r.put("firmware", h.firmwareId());
        r.put("timer", h.timer());
        r.put("output_hex", java.util.HexFormat.of().formatHex(h.output()));
        if (h.outputs().size() > 1) {
            r.put("outputs_hex", h.outputs().stream().map(java.util.HexFormat.of()::formatHex).toList());
        }
        r.put("matches_tflite", matches);
        if (m.cycles() >= 0) {
            r.put("cycles", m.cycles());
        } else {
            r.put("instructions", m.instructions() >= 0 ? m.instructions() : null);
        }
        r.put("latency_ms", m.latencyMs());
        r.put("latency_basis", m.latencyBasis());
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
            List<byte[]> got = h.outputs();
            long differing = 0;
            for (int o = 0; o < Math.max(got.size(), expected.size()); o++) {
                byte[] a = o < got.size() ? got.get(o) : new byte[0];
                byte[] e = o < expected.size() ? expected.get(o) : new byte[0];
                for (int i = 0; i < Math.max(a.length, e.length); i++) {
                    if (i >= a.length || i >= e.length || a[i] != e[i]) {
                        differing++;
                    }
                }
            }
            r.put("differing_bytes", differing);
        }
        return r;
    }

    private static Map<String, Object> layerReport(LayerProfile p) {
        List<Map<String, Object>> ops = new java.util.ArrayList<>();
        for (LayerProfile.Layer l : p.layers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", l.op());
            m.put("kind", l.kind());
            m.put("shape_class", l.shapeClass());
            m.put("output", l.output());
            m.put("macs", l.macs());
            m.put("patched", l.patched());
            m.put(p.unit(), l.count());
            ops.add(m);
        }
        List<Map<String, Object>> classes = new java.util.ArrayList<>();
        for (LayerProfile.ClassTotal c : p.byShapeClass()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("shape_class", c.shapeClass());
            m.put("ops", c.layers());
            m.put("macs", c.macs());
            m.put(p.unit(), c.count());
            classes.add(m);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("layers_unit", p.unit());
        r.put("layers", ops);
        r.put("layer_classes", classes);
        return r;
    }

    private static void printLayers(PrintWriter out, LayerProfile p) {
        out.printf("%nper op (%s, profiled firmware, last run):%n", p.unit());
        out.printf("  %4s  %-26s %-28s %14s %14s %9s%n", "op", "shape class", "output", "MACs", p.unit(), "per MAC");
        for (LayerProfile.Layer l : p.layers()) {
            out.printf("  %4d  %-26s %-28s %14s %14s %9s%s%n", l.op(), l.shapeClass(), Format.shorten(l.output(), 28),
                    Format.count(l.macs()), Format.count(l.count()), perMac(l.perMac()), l.patched() ? "  (patches)" : "");
        }
        out.printf("%nper shape class:%n");
        out.printf("  %-26s %4s %14s %14s %9s %6s%n", "shape class", "ops", "MACs", p.unit(), "per MAC", "share");
        long total = Math.max(1, p.total());
        for (LayerProfile.ClassTotal c : p.byShapeClass()) {
            out.printf("  %-26s %4d %14s %14s %9s %5.1f%%%n", c.shapeClass(), c.layers(), Format.count(c.macs()),
                    Format.count(c.count()), perMac(c.perMac()), 100.0 * c.count() / total);
        }
    }

    private static String perMac(double v) {
        return Double.isNaN(v) ? "-" : String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    private static void print(PrintWriter out, Map<String, Object> r) {
        out.printf("%s on %s (timer: %s, firmware %s)%n", r.get("board"), r.get("ran_on"), r.get("timer"),
                r.get("firmware"));
        if (r.get("outputs_hex") instanceof List<?> all) {
            for (int o = 0; o < all.size(); o++) {
                out.printf("  output %-6d %s%n", o, all.get(o));
            }
        } else {
            out.printf("  output        %s%n", r.get("output_hex"));
        }
        out.printf("  vs TFLite     %s%n", Boolean.TRUE.equals(r.get("matches_tflite")) ? "bit-exact" : "DIFFERS");
        if (r.get("cycles") != null || r.get("instructions") != null) {
            boolean cycles = r.get("cycles") != null;
            out.printf("  %-13s %s%n", cycles ? "cycles" : "instructions",
                    Format.count((Long) r.get(cycles ? "cycles" : "instructions")));
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
}
