package dev.tinyforge.boards;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpKind;
import dev.tinyforge.ir.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The flash a model needs on a board, as the linker will count it: the constant data (weights,
 * biases, per-channel requantization tables) counted from the graph, the generated code (layer
 * calls and their parameter blocks), each kernel it calls, and the fixed runtime (startup, port,
 * harness, the libc/libgcc helpers the compiler calls), measured by building the firmware with the
 * board's {@link Toolchain} and reading the linker's map, since code size depends on compiler and
 * core. The embedded test input is the harness's, not the model's, and is left out.
 *
 * @param dataBytes weights, biases and requantization tables
 * @param codeBytes generated code and parameter blocks (the model object beyond its data), -1 when not measured
 * @param kernels flash of each kernel source file the model uses, by file name
 * @param runtimeBytes startup, port, harness, library helpers and alignment, -1 when not measured
 * @param note why the code was not measured (no compiler installed, a Linux board), or empty
 */
public record FlashModel(long dataBytes, long codeBytes, Map<String, Long> kernels, long runtimeBytes, String note) {

    public FlashModel {
        kernels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(kernels));
    }

    /** Flash of the firmware without its test input (data alone when the code was not measured). */
    public long totalBytes() {
        return dataBytes + Math.max(codeBytes, 0) + kernelBytes() + Math.max(runtimeBytes, 0);
    }

    public long kernelBytes() {
        return kernels.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean codeMeasured() {
        return codeBytes >= 0;
    }

    /** Only the constant data: no compiler needed. */
    public static FlashModel dataOnly(Graph g, String note) {
        return new FlashModel(dataBytes(g), -1, Map.of(), -1, note);
    }

    /** Data from the graph and code compiled for the board (its default console, unpatched). */
    public static FlashModel of(Graph g, BoardSpec board) {
        return of(g, board, FirmwareProject.Console.defaultFor(board), null);
    }

    /**
     * Data from the graph and code compiled for the board, with the given console and patch plan
     * ({@code null}: unpatched), when its compiler is installed.
     */
    public static FlashModel of(Graph g, BoardSpec board, FirmwareProject.Console console,
            dev.tinyforge.plan.PatchPlan patches) {
        if (board.isLinux()) {
            return dataOnly(g, "no flash on " + board.id() + ": the model is part of a Linux executable");
        }
        Toolchain tc = Toolchain.of(board);
        if (!tc.installed()) {
            return dataOnly(g, "code not counted: " + tc.compiler() + " is not installed (" + tc.debianPackage()
                    + ")");
        }
        try {
            return measure(g, board, console, patches);
        } catch (dev.tinyforge.cgen.UnsupportedOpException e) {
            return dataOnly(g, "code not counted: the C backend does not take this model (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long dataBytes(Graph g) {
        long flash = 0;
        for (Tensor t : g.tensors()) {
            if (t.isConstant()) {
                flash += t.sizeBytes();
            }
        }
        for (Op op : g.ops()) {
            if (op.kind() == OpKind.CONV_2D || op.kind() == OpKind.DEPTHWISE_CONV_2D
                    || op.kind() == OpKind.FULLY_CONNECTED) {
                flash += 8L * g.tensor(op.output()).dim(-1);
            }
        }
        return flash;
    }

    private static FlashModel measure(Graph g, BoardSpec board, FirmwareProject.Console console,
            dev.tinyforge.plan.PatchPlan patches) throws IOException {
        byte[] zeros = new byte[(int) g.input(0).sizeBytes()];
        FirmwareProject project = FirmwareProject.of(g, board, zeros,
                new FirmwareProject.Options(1, "flash measurement", console, patches));
        Path dir = Files.createTempDirectory("tinyforge-flash");
        try {
            return of(g, FirmwareBuilder.compile(project, dir, dev.tinyforge.util.Progress.NONE));
        } finally {
            dev.tinyforge.util.TempDirs.deleteTree(dir);
        }
    }

    /**
     * The flash of a compiled firmware, from a link with room to spare (so a model too large for the
     * board is still measured, and then refused with the plan's message rather than the linker's).
     * {@code build} measures the objects it then links for the board, so the code is compiled once.
     */
    public static FlashModel of(Graph g, FirmwareBuilder.Compiled compiled) throws IOException {
        BoardSpec board = compiled.project().board();
        if (board.isLinux()) {
            return dataOnly(g, "no flash on " + board.id() + ": the model is part of a Linux executable");
        }
        LinkerScript.MemoryMap roomy = new LinkerScript.MemoryMap("measurement", 0x0L, 1L << 28, 0x20000000L, 1L << 28);
        Path map = FirmwareBuilder.linkWith(compiled, LinkerScript.text(board, roomy), "flash-measurement");
        Map<String, Long> byFile = LinkMap.flashByFile(map);
        String modelObject = FirmwareBuilder.objectName(compiled.project().cSource().sourceFile());
        String inputObject = FirmwareBuilder.objectName(FirmwareProject.INPUT_SOURCE);
        long data = dataBytes(g);
        long code = -data;
        long runtime = 0;
        Map<String, Long> kernels = new TreeMap<>();
        for (Map.Entry<String, Long> e : byFile.entrySet()) {
            String f = e.getKey();
            if (f.equals(modelObject)) {
                code += e.getValue();
            } else if (f.startsWith(FirmwareBuilder.objectName("src/"))) {
                kernels.put(f.substring(FirmwareBuilder.objectName("src/").length()).replaceAll("\\.o$", ".c"),
                        e.getValue());
            } else if (!f.equals(inputObject)) {
                runtime += e.getValue();
            }
        }
        return new FlashModel(data, code, kernels, runtime, "");
    }
}
