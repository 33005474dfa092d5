package dev.tinyforge.boards;

import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.cgen.CProject;
import dev.tinyforge.cgen.CSource;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.target.Target;
import dev.tinyforge.target.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Many single-op (or small) int8 models in one bare-metal firmware, run once under the board's QEMU
 * stand-in: each case (a model and one input) is run and compared on the device with the bytes the host
 * expects (TFLite's), so a thousand kernel configurations cost one build and one emulator run instead
 * of a thousand ({@code tfg_batch.c}). The models are planned and emitted for the board's target, so
 * the kernels take the variant (DSP, Helium) that core gets. The image is linked at the stand-in's full
 * memory (not the board's), since a batch is a test, not a deployable firmware.
 */
public final class BatchFirmware {
    private static final long COMPILE_SECONDS = 600;
    private static final long RUN_SECONDS = 600;

    /**
     * One run of one model.
     *
     * @param model index into the batch's models
     * @param input the model's int8 inputs, one after the other
     * @param expected the bytes the model must give (TFLite's)
     */
    public record Case(int model, byte[] input, byte[] expected) {
    }

    /** A case whose output differs: how many bytes, and the bytes the device gave. */
    public record Difference(int caseIndex, int bytes, byte[] actual) {
    }

    /**
     * What one batch run found.
     *
     * @param instructions instructions of all the cases' invocations (SysTick under {@code -icount shift=0})
     * @param buildSeconds generating, compiling and linking
     * @param runSeconds the emulator run
     * @param scratchChecked layers whose planned scratch (the Java mirror for the board's target) was
     *     compared on the device with their kernel's {@code _get_buffer_size}
     * @param scratchMismatches those that differ, as {@code query: device N, planned M}
     * @param caseInstructions instructions of each case's run (-1 each without an instruction count)
     */
    public record Result(int cases, long bytesCompared, List<Difference> differences, long instructions,
            String command, double buildSeconds, double runSeconds, int scratchChecked,
            List<String> scratchMismatches, long[] caseInstructions) {
        public Result {
            differences = List.copyOf(differences);
            scratchMismatches = List.copyOf(scratchMismatches);
            caseInstructions = caseInstructions.clone();
        }
    }

    private BatchFirmware() {
    }

    /** Builds the batch in {@code dir}, the models planned for the board's own target, and runs it. */
    public static Result run(List<Graph> models, List<Case> cases, BoardSpec board, Path dir) throws IOException {
        return run(models, cases, board, board.target(), dir);
    }

    /**
     * Builds the batch in {@code dir} and runs it, the models planned for {@code planTarget}: the board's
     * target, or the same core with fewer features (e.g. without {@code DSP}, which gives its kernels no
     * scratch and so their plain paths: how a benchmark measures before against after in one tree), compiled
     * with {@code planTarget}'s flags (the board's, or e.g. {@code -mcpu=cortex-m55+nomve}). The
     * planned scratch is checked against the kernels only when {@code planTarget} is the board's.
     *
     * @throws IllegalArgumentException when a model does not take int8 inputs and give one int8 output,
     *     or a case's input or expected output has the wrong size
     * @throws ToolException when the cross compiler or QEMU is missing, fails or hangs
     */
    public static Result run(List<Graph> models, List<Case> cases, BoardSpec board,
            Target planTarget, Path dir) throws IOException {
        if (board.isLinux()) {
            throw new IllegalArgumentException("board " + board.id() + " is an aarch64 Linux board; batched firmware "
                    + "runs on bare-metal Cortex-M boards only");
        }
        long t0 = System.nanoTime();
        List<CSource> sources = sources(models, board, planTarget);
        List<String> scratchQueries = planTarget.equals(board.target()) ? scratchCalls(sources).stream()
                .map(KernelCall::scratchQuery).toList() : List.of();
        Map<String, String> files = files(models, sources, cases, board, planTarget);
        Files.createDirectories(dir);
        for (var f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        Toolchain tc = Toolchain.of(planTarget); // the board's flags, or a variant's (an M55 compiled +nomve)
        List<String> units = files.keySet().stream().filter(f -> f.endsWith(".c")).toList();
        Files.createDirectories(dir.resolve("obj"));
        List<String> objects = units.stream().map(FirmwareBuilder::objectName).toList();
        int workers = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        List<ToolException> failures = new ArrayList<>();
        IntStream.range(0, workers).parallel().forEach(w -> {
            for (int i = w; i < units.size(); i += workers) {
                List<String> cmd = tc.compileCommand(List.of(".", "include"), List.of());
                cmd.addAll(List.of("-c", units.get(i), "-o", objects.get(i)));
                try {
                    Tool.check(cmd, dir, COMPILE_SECONDS, tc.debianPackage());
                } catch (ToolException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    return;
                }
            }
        });
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        List<String> link = new ArrayList<>(tc.compileCommand(List.of(), List.of()));
        link.addAll(tc.linkFlags());
        if (QemuMachine.of(board).rodataBytes() > 0) { // the constants that overflow the code memory go to RODATA
            link.add("-Wl,--enable-non-contiguous-regions");
        }
        link.addAll(List.of("-T", "link-qemu.ld", "-Wl,-Map=firmware-qemu.map"));
        link.addAll(objects);
        link.addAll(List.of("-o", "firmware-qemu.elf"));
        Tool.check(link, dir, COMPILE_SECONDS, tc.debianPackage());
        long t1 = System.nanoTime();
        List<String> cmd = Emulator.command(board, dir.resolve("firmware-qemu.elf"));
        Tool.Result r = Tool.run(cmd, null, RUN_SECONDS, "qemu-system-arm");
        long t2 = System.nanoTime();
        return parse(r, String.join(" ", cmd), board, cases, scratchQueries, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    /** Each model planned and emitted for the board's target, under its own prefix. */
    static List<CSource> sources(List<Graph> models, BoardSpec board, Target planTarget) {
        List<CSource> sources = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            Graph g = models.get(i);
            if (g.outputs().size() != 1 || g.output(0).dtype() != DType.INT8
                    || g.inputs().stream().anyMatch(in -> g.tensor(in).dtype() != DType.INT8)) {
                throw new IllegalArgumentException("model " + i + " (" + g.name() + ") must take int8 inputs and "
                        + "give one int8 output to run in a batch; run it with its own firmware (tinyforge bench)");
            }
            sources.add(CEmitter.emit(ModelPlan.of(g, planTarget), CEmitter.prefixFor(g.name()) + "_" + i,
                    "source: batched conformance firmware for " + board.id()));
        }
        return sources;
    }

    /** The project: kernels, model headers, the models in two unity units, the cases, port and harness. */
    static Map<String, String> files(List<Graph> models, List<CSource> sources, List<Case> cases, BoardSpec board,
            Target planTarget) {
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, String> project = CProject.files(sources);
        List<String> modelSources = sources.stream().map(CSource::sourceFile).toList();
        for (var f : project.entrySet()) {
            if (modelSources.contains(f.getKey())) {
                files.put("models/" + f.getKey() + ".inc", f.getValue());
            } else {
                files.put(f.getKey(), f.getValue());
            }
        }
        int chunks = Math.min(2, Math.max(1, sources.size()));
        for (int c = 0; c < chunks; c++) {
            StringBuilder unity = new StringBuilder("/* Generated by TinyForge: batched models compiled as one unit. */\n");
            for (int i = c; i < sources.size(); i += chunks) {
                unity.append("#include \"models/").append(sources.get(i).sourceFile()).append(".inc\"\n");
            }
            files.put("tfg_batch_models_" + c + ".c", unity.toString());
        }
        files.put("tfg_batch_cases.h", casesHeader(models));
        files.put("tfg_batch_cases.c", casesSource(models, sources, cases)
                + scratchSource(planTarget.equals(board.target()) ? sources : List.of()));
        files.put("tfg_port.h", FirmwareProject.resource("tfg_port.h"));
        files.put("tfg_port_cortexm.c", FirmwareProject.resource("tfg_port_cortexm.c"));
        files.put("tfg_startup_cortexm.c", FirmwareProject.resource("tfg_startup_cortexm.c"));
        files.put("tfg_console_semihosting.c", FirmwareProject.resource("tfg_console_semihosting.c"));
        files.put("tfg_batch.c", FirmwareProject.resource("tfg_batch.c"));
        QemuMachine m = QemuMachine.of(board);
        files.put("link-qemu.ld", LinkerScript.text(board, new LinkerScript.MemoryMap(m.name() + " (whole memory, "
                + "batched test firmware)", m.codeOrigin(), m.codeBytes(), m.ramOrigin(), m.ramBytes(),
                m.rodataOrigin(), m.rodataBytes())));
        return files;
    }

    private static String casesHeader(List<Graph> models) {
        long maxOut = 1;
        for (Graph g : models) {
            maxOut = Math.max(maxOut, g.output(0).sizeBytes());
        }
        return "/* Generated by TinyForge: the cases of a batched conformance firmware. */\n"
                + "#ifndef TFG_BATCH_CASES_H\n#define TFG_BATCH_CASES_H\n\n#include <stdint.h>\n\n"
                + "typedef struct {\n"
                + "    int (*invoke)(const int8_t *input, int8_t *output);\n"
                + "    const int8_t *input;\n"
                + "    const int8_t *expected;\n"
                + "    uint32_t output_bytes;\n"
                + "} tfg_batch_case;\n\n"
                + "#define TFG_BATCH_MAX_OUTPUT_BYTES " + maxOut + "u\n"
                + "extern const tfg_batch_case tfg_batch_cases[];\n"
                + "extern const uint32_t tfg_batch_case_count;\n"
                + "/** Layers with a scratch query; query i is what the kernel asks for, planned i what the planner gave. */\n"
                + "extern const uint32_t tfg_batch_scratch_count;\n"
                + "extern const int32_t tfg_batch_scratch_planned[];\n"
                + "int32_t tfg_batch_scratch_query(uint32_t i);\n"
                + "#endif\n";
    }

    private static String casesSource(List<Graph> models, List<CSource> sources, List<Case> cases) {
        StringBuilder c = new StringBuilder("/* Generated by TinyForge: inputs and TFLite's outputs of each case. */\n"
                + "#include \"tfg_batch_cases.h\"\n");
        for (CSource s : sources) {
            c.append("#include \"").append(s.headerFile()).append("\"\n");
        }
        for (int k = 0; k < cases.size(); k++) {
            Case cs = cases.get(k);
            if (cs.model() < 0 || cs.model() >= models.size()) {
                throw new IllegalArgumentException("case " + k + " names model " + cs.model() + " of " + models.size());
            }
            Graph g = models.get(cs.model());
            long inBytes = g.inputs().stream().mapToLong(n -> g.tensor(n).sizeBytes()).sum();
            if (cs.input().length != inBytes || cs.expected().length != g.output(0).sizeBytes()) {
                throw new IllegalArgumentException("case " + k + " of model " + g.name() + ": input " + cs.input().length
                        + " B and expected output " + cs.expected().length + " B, the model takes " + inBytes
                        + " B and gives " + g.output(0).sizeBytes() + " B");
            }
            array(c, "tfg_batch_in_" + k, cs.input());
            array(c, "tfg_batch_out_" + k, cs.expected());
        }
        for (int i = 0; i < models.size(); i++) {
            Graph g = models.get(i);
            c.append("\n/* model ").append(i).append(": its inputs one after the other in one array */\n")
                    .append("static int tfg_batch_run_").append(i)
                    .append("(const int8_t *input, int8_t *output)\n{\n    return ")
                    .append(sources.get(i).prefix()).append("_invoke(");
            long offset = 0;
            for (String in : g.inputs()) {
                c.append("input + ").append(offset).append(", ");
                offset += g.tensor(in).sizeBytes();
            }
            c.append("output);\n}\n");
        }
        c.append("\nconst tfg_batch_case tfg_batch_cases[] = {\n");
        for (int k = 0; k < cases.size(); k++) {
            Case cs = cases.get(k);
            c.append("    { tfg_batch_run_").append(cs.model()).append(", tfg_batch_in_").append(k)
                    .append(", tfg_batch_out_").append(k).append(", ").append(cs.expected().length).append("u },\n");
        }
        c.append("};\n\nconst uint32_t tfg_batch_case_count = ").append(cases.size()).append("u;\n");
        return c.toString();
    }

    /** Every layer's scratch query as a switch, and the bytes the plan gave each. */
    private static String scratchSource(List<CSource> sources) {
        List<KernelCall> calls = scratchCalls(sources);
        StringBuilder c = new StringBuilder("\n#include \"tfg_kernels.h\"\n\nconst uint32_t tfg_batch_scratch_count = ")
                .append(calls.size()).append("u;\n\nconst int32_t tfg_batch_scratch_planned[] = {");
        for (int i = 0; i < calls.size(); i++) {
            c.append(i % 16 == 0 ? "\n    " : " ").append(calls.get(i).scratchBytes()).append(',');
        }
        c.append(calls.isEmpty() ? " 0" : "").append("\n};\n\nint32_t tfg_batch_scratch_query(uint32_t i)\n{\n"
                + "    switch (i) {\n");
        for (int i = 0; i < calls.size(); i++) {
            c.append("    case ").append(i).append("u: return ").append(calls.get(i).scratchQuery()).append(";\n");
        }
        c.append("    default: return -1;\n    }\n}\n");
        return c.toString();
    }

    private static List<KernelCall> scratchCalls(List<CSource> sources) {
        List<KernelCall> calls = new ArrayList<>();
        for (CSource s : sources) {
            s.calls().stream().filter(k -> k.scratchQuery() != null).forEach(calls::add);
        }
        return calls;
    }

    private static void array(StringBuilder c, String name, byte[] bytes) {
        c.append("static const int8_t ").append(name).append('[').append(bytes.length).append("] = {");
        for (int i = 0; i < bytes.length; i++) {
            c.append(i % 24 == 0 ? "\n    " : " ").append(bytes[i]).append(',');
        }
        c.append("\n};\n");
    }

    private static Result parse(Tool.Result r, String command, BoardSpec board, List<Case> cases,
            List<String> scratchQueries, double build, double run) {
        List<Difference> diffs = new ArrayList<>();
        List<String> scratch = new ArrayList<>();
        int scratchChecked = -1;
        long[] caseTicks = new long[cases.size()];
        Arrays.fill(caseTicks, -1);
        String summary = null;
        String timer = "";
        for (String line : r.output().split("\n")) {
            String[] f = line.strip().split(" ");
            if (line.startsWith("tfg differ ") && f.length >= 4) {
                diffs.add(new Difference(Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                        f.length > 4 ? HexFormat.of().parseHex(f[4]) : new byte[0]));
            } else if (line.startsWith("tfg batch ")) {
                summary = line.strip();
            } else if (line.startsWith("tfg scratch-differs ") && f.length == 5) {
                int i = Integer.parseInt(f[2]);
                scratch.add(scratchQueries.get(i) + ": device " + f[3] + ", planned " + f[4]);
            } else if (line.startsWith("tfg ticks ") && f.length == 4) {
                int i = Integer.parseInt(f[2]);
                if (i >= 0 && i < caseTicks.length) {
                    caseTicks[i] = Long.parseLong(f[3]);
                }
            } else if (line.startsWith("tfg scratch-checked ") && f.length == 3) {
                scratchChecked = Integer.parseInt(f[2]);
            } else if (line.startsWith("tfg timer ") && f.length == 3) {
                timer = f[2];
            }
        }
        if (summary == null || scratchChecked != scratchQueries.size()
                || (r.exitCode() != 0 && diffs.isEmpty() && scratch.isEmpty())) {
            throw new ToolException(command + " exited with " + r.exitCode() + " without a batch report:\n"
                    + r.output().strip());
        }
        String[] f = summary.split(" ");
        int count = Integer.parseInt(f[2]);
        if (count != cases.size()) {
            throw new ToolException(command + " ran " + count + " cases, the batch has " + cases.size());
        }
        long ticks = Long.parseLong(f[5]);
        double perTick = QemuMachine.of(board).instructionsPerTick();
        boolean counts = timer.equals("systick");
        long instructions = counts ? Math.round(ticks * perTick) : -1;
        long[] caseInstructions = new long[caseTicks.length];
        for (int i = 0; i < caseTicks.length; i++) {
            caseInstructions[i] = counts && caseTicks[i] >= 0 ? Math.round(caseTicks[i] * perTick) : -1;
        }
        return new Result(count, Long.parseLong(f[3]), diffs, instructions, command, build, run, scratchChecked,
                scratch, caseInstructions);
    }
}
