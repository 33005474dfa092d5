package dev.tinyforge.bench;

import dev.tinyforge.boards.BatchFirmware;
import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Boards;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.target.Target;
import dev.tinyforge.tflite.TfliteReader;
import dev.tinyforge.tflite.TfliteWriter;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Instructions per op kind of int8 models on a Cortex-M stand-in under QEMU ({@code -icount shift=0}),
 * the plain C kernels against the core's fast paths, in one tree: every layer becomes a one-op model
 * (its own tensors and quantization, a seeded random input, TFLite's output as the expected bytes), and
 * the layers run in batched firmwares ({@link BatchFirmware}, as many as the board's flash needs) twice,
 * planned for a baseline ({@link #baseline}: the core without its {@code DSP} feature, or a Helium core
 * without MVE) and for the core itself. A layer's count
 * includes its invoke's copies in and out, so the sum over layers is a little above what
 * {@code tinyforge bench --emulate} counts for the whole model. Every run is also checked against
 * TFLite (the batch fails on a differing byte). Used by {@code bench/mcu-table}.
 */
public final class McuTable {
    private McuTable() {
    }

    /** @param args {@code --board B}, then {@code NAME=FILE.tflite} for each model */
    public static void main(String[] args) throws Exception {
        String boardId = "stm32f746g-disco";
        Map<String, Path> models = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--board") && i + 1 < args.length) {
                boardId = args[++i];
            } else if (args[i].contains("=")) {
                models.put(args[i].substring(0, args[i].indexOf('=')), Path.of(args[i].substring(args[i].indexOf('=') + 1)));
            } else {
                System.err.println("mcu-table: expected --board B or NAME=FILE.tflite, got '" + args[i] + "'");
                System.exit(2);
            }
        }
        BoardSpec board = Boards.get(boardId);
        Target fast = board.target();
        Target plain = baseline(fast);
        String before = fast.has(Target.Feature.MVE) ? "DSP" : "plain";
        String after = fast.has(Target.Feature.MVE) ? "Helium" : "fast";

        List<Graph> layers = new ArrayList<>();
        List<String> modelOf = new ArrayList<>();
        List<BatchFirmware.Case> cases = new ArrayList<>();
        for (Map.Entry<String, Path> m : models.entrySet()) {
            Graph g = TfliteReader.read(m.getValue());
            SplittableRandom rnd = new SplittableRandom(m.getKey().hashCode());
            for (int i = 0; i < g.ops().size(); i++) {
                Graph layer = layer(g, i, m.getKey());
                ByteArrayOutputStream in = new ByteArrayOutputStream();
                List<byte[]> inputs = new ArrayList<>();
                for (String name : layer.inputs()) {
                    byte[] x = new byte[(int) layer.tensor(name).sizeBytes()];
                    rnd.nextBytes(x);
                    inputs.add(x);
                    in.write(x);
                }
                byte[] expected;
                try (Runner ref = new TfliteRunner(TfliteWriter.write(layer), layer.name(), RunnerOptions.reference())) {
                    expected = ref.run(inputs).get(0);
                }
                cases.add(new BatchFirmware.Case(layers.size(), in.toByteArray(), expected));
                layers.add(layer);
                modelOf.add(m.getKey());
            }
        }
        Path work = Files.createTempDirectory("tfg-mcu-table-");
        long[] beforeCounts = new long[cases.size()];
        long[] afterCounts = new long[cases.size()];
        List<List<Integer>> groups = groups(layers, cases, board);
        for (int gi = 0; gi < groups.size(); gi++) {
            List<Graph> part = new ArrayList<>();
            List<BatchFirmware.Case> partCases = new ArrayList<>();
            for (int i : groups.get(gi)) {
                partCases.add(new BatchFirmware.Case(part.size(), cases.get(i).input(), cases.get(i).expected()));
                part.add(layers.get(i));
            }
            BatchFirmware.Result b = BatchFirmware.run(part, partCases, board, plain, work.resolve("plain" + gi));
            BatchFirmware.Result a = BatchFirmware.run(part, partCases, board, fast, work.resolve("fast" + gi));
            for (BatchFirmware.Result r : List.of(b, a)) {
                if (!r.differences().isEmpty() || !r.scratchMismatches().isEmpty()) {
                    System.err.println("mcu-table: " + r.differences().size() + " layers differ from TFLite, scratch "
                            + r.scratchMismatches() + " (firmware under " + work + ")");
                    System.exit(1);
                }
            }
            for (int j = 0; j < groups.get(gi).size(); j++) {
                beforeCounts[groups.get(gi).get(j)] = b.caseInstructions()[j];
                afterCounts[groups.get(gi).get(j)] = a.caseInstructions()[j];
            }
        }
        System.out.printf("Board %s (%s), QEMU %s, -icount shift=0; instructions of each layer run alone "
                + "(its invoke included), %s vs %s, %d firmware(s) per variant%n%n", board.id(), board.core(),
                board.qemuMachine(), plain, fast, groups.size());
        System.out.printf("| model | op | layers | MACs | %1$s instructions | %1$s instr/MAC "
                + "| %2$s instructions | %2$s instr/MAC | %2$s / %1$s |%n", before, after);
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String model : new LinkedHashSet<>(modelOf)) {
            Map<String, long[]> rows = new LinkedHashMap<>(); // layers, MACs, plain, fast
            long[] total = new long[4];
            for (int i = 0; i < layers.size(); i++) {
                if (!modelOf.get(i).equals(model)) {
                    continue;
                }
                Graph layer = layers.get(i);
                long[] row = rows.computeIfAbsent(layer.ops().get(0).kind().name(), k -> new long[4]);
                long[] add = {1, layer.macs(), beforeCounts[i], afterCounts[i]};
                for (int j = 0; j < 4; j++) {
                    row[j] += add[j];
                    total[j] += add[j];
                }
            }
            rows.put("all", total);
            rows.forEach((kind, r) -> System.out.printf(Locale.ROOT,
                    "| %s | %s | %d | %,d | %,d | %s | %,d | %s | %.2f |%n", model, kind, r[0], r[1], r[2],
                    perMac(r[2], r[1]), r[3], perMac(r[3], r[1]), r[3] / (double) r[2]));
        }
        deleteTree(work);
    }

    /**
     * What the fast column is measured against: on a Helium core (Cortex-M55) the same core compiled without
     * MVE ({@code +nomve}: its DSP paths, the same scratch), elsewhere the core without its {@code DSP} feature
     * (no scratch, so the kernels that need it take their plain path).
     */
    static Target baseline(Target fast) {
        EnumSet<Target.Feature> without = EnumSet.noneOf(Target.Feature.class);
        without.addAll(fast.features());
        if (fast.has(Target.Feature.MVE)) {
            without.remove(Target.Feature.MVE);
            without.remove(Target.Feature.MVE_FLOAT);
            return new Target(fast.name() + " without Helium", fast.kind(), fast.cpu() + "+nomve", fast.arch(),
                    fast.fpu(), without);
        }
        without.remove(Target.Feature.DSP);
        return new Target(fast.name() + " plain C", fast.kind(), fast.cpu(), fast.arch(), fast.fpu(), without);
    }

    /**
     * The layers in order, split into firmwares whose weights and embedded cases take at most 70% of the board's
     * flash (one firmware when they all fit, as on the 1 MB boards; the Corstone-300's 512 KB takes several).
     */
    static List<List<Integer>> groups(List<Graph> layers, List<BatchFirmware.Case> cases, BoardSpec board) {
        long budget = board.flashBytes() > 0 ? board.flashBytes() * 7 / 10 : Long.MAX_VALUE;
        List<List<Integer>> groups = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long used = 0;
        for (int i = 0; i < layers.size(); i++) {
            long bytes = cases.get(i).input().length + cases.get(i).expected().length;
            for (Tensor t : layers.get(i).tensors()) {
                bytes += t.isConstant() ? t.sizeBytes() : 0;
            }
            if (!current.isEmpty() && used + bytes > budget) {
                groups.add(current);
                current = new ArrayList<>();
                used = 0;
            }
            current.add(i);
            used += bytes;
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    private static String perMac(long instructions, long macs) {
        return macs == 0 ? "-" : String.format(Locale.ROOT, "%.2f", instructions / (double) macs);
    }

    /** Op {@code index} of {@code g} alone: its activation inputs become the model's inputs. */
    static Graph layer(Graph g, int index, String model) {
        Op op = g.ops().get(index);
        GraphBuilder b = new GraphBuilder(model.replaceAll("[^A-Za-z0-9]", "_") + "_layer" + index);
        for (String name : new LinkedHashSet<>(op.inputs())) {
            Tensor t = g.tensor(name);
            if (t.isConstant()) {
                b.tensor(t);
            } else {
                b.input(t.name(), t.shape(), t.dtype(), t.quant());
            }
        }
        b.tensor(g.tensor(op.output()));
        b.op(op);
        b.output(op.output());
        return b.build();
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
