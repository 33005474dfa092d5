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
 * all layers run in one {@link BatchFirmware} twice, planned for the core without its {@code DSP}
 * feature (no scratch, so every kernel takes its plain path) and for the core itself. A layer's count
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
        EnumSet<Target.Feature> without = EnumSet.noneOf(Target.Feature.class);
        without.addAll(fast.features());
        without.remove(Target.Feature.DSP);
        Target plain = new Target(fast.name() + " plain C", fast.kind(), fast.cpu(), fast.arch(), fast.fpu(), without);

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
        BatchFirmware.Result before = BatchFirmware.run(layers, cases, board, plain, work.resolve("plain"));
        BatchFirmware.Result after = BatchFirmware.run(layers, cases, board, fast, work.resolve("fast"));
        for (BatchFirmware.Result r : List.of(before, after)) {
            if (!r.differences().isEmpty() || !r.scratchMismatches().isEmpty()) {
                System.err.println("mcu-table: " + r.differences().size() + " layers differ from TFLite, scratch "
                        + r.scratchMismatches() + " (firmware under " + work + ")");
                System.exit(1);
            }
        }
        System.out.printf("Board %s (%s), QEMU %s, -icount shift=0; instructions of each layer run alone "
                + "(its invoke included), plain C kernels vs %s%n%n", board.id(), board.core(), board.qemuMachine(),
                fast);
        System.out.println("| model | op | layers | MACs | plain instructions | plain instr/MAC "
                + "| fast instructions | fast instr/MAC | fast / plain |");
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
                long[] add = {1, layer.macs(), before.caseInstructions()[i], after.caseInstructions()[i]};
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
