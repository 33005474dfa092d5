package dev.tinyforge.boards;

import dev.tinyforge.cgen.CSource;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.target.Toolchain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The flash a model needs on a board, as the linker will count it: the constant data (weights,
 * biases, requantization and lookup tables) the emitted layers declared (their {@code KernelCall}s
 * count it), the generated code (layer calls and their parameter blocks), each kernel it calls, and
 * the fixed runtime (startup, port, harness, the libc/libgcc helpers the compiler calls), measured by
 * building the firmware with the board's {@link Toolchain} and reading the linker's map, since code
 * size depends on compiler and core. The embedded test input is the harness's, not the model's, and
 * is left out.
 *
 * @param dataBytes weights, biases and tables
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

    /** Only the constant data of the emitted model: no compiler needed. */
    public static FlashModel dataOnly(CSource model, String note) {
        return new FlashModel(model.constantBytes(), -1, Map.of(), -1, note);
    }

    /**
     * Data from the emitted layers and code compiled for the board with the given console, when its
     * compiler is installed (a throwaway build; {@code build} measures the objects it links instead).
     */
    public static FlashModel of(ModelPlan plan, BoardSpec board, FirmwareProject.Console console) {
        java.util.List<byte[]> zeros = plan.graph().inputs().stream()
                .map(n -> new byte[(int) plan.graph().tensor(n).sizeBytes()]).toList();
        FirmwareProject project = FirmwareProject.of(plan, board, zeros,
                new FirmwareProject.Options(1, "flash measurement", console));
        if (board.isLinux()) {
            return dataOnly(project.cSource(), "no flash on " + board.id() + ": the model is part of a Linux executable");
        }
        Toolchain tc = Toolchain.of(board.target());
        if (!tc.installed()) {
            return dataOnly(project.cSource(), "code not counted: " + tc.compiler() + " is not installed ("
                    + tc.debianPackage() + ")");
        }
        try {
            Path dir = Files.createTempDirectory("tinyforge-flash");
            try {
                return of(FirmwareBuilder.compile(project, dir, dev.tinyforge.util.Progress.NONE));
            } finally {
                dev.tinyforge.util.TempDirs.deleteTree(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The flash of a compiled firmware, from a link with room to spare (so a model too large for the
     * board is still measured, and then refused with the plan's message rather than the linker's).
     * {@code build} measures the objects it then links for the board, so the code is compiled once.
     */
    public static FlashModel of(FirmwareBuilder.Compiled compiled) throws IOException {
        BoardSpec board = compiled.project().board();
        CSource model = compiled.project().cSource();
        if (board.isLinux()) {
            return dataOnly(model, "no flash on " + board.id() + ": the model is part of a Linux executable");
        }
        LinkerScript.MemoryMap roomy = new LinkerScript.MemoryMap("measurement", 0x0L, 1L << 28, 0x20000000L, 1L << 28);
        Path map = FirmwareBuilder.linkWith(compiled, LinkerScript.text(board, roomy), "flash-measurement");
        Map<String, Long> byFile = LinkMap.flashByFile(map);
        String modelObject = FirmwareBuilder.objectName(model.sourceFile());
        String inputObject = FirmwareBuilder.objectName(FirmwareProject.INPUT_SOURCE);
        long data = model.constantBytes();
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
