package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.ops.Concatenation;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.Mul;
import dev.tinyforge.ops.Softmax;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.FlatBufferSchema.Field;
import dev.tinyforge.tflite.FlatBufferSchema.Kind;
import dev.tinyforge.tflite.FlatBufferSchema;
import dev.tinyforge.tflite.ModelFormatException;
import dev.tinyforge.tflite.TfliteReader;
import dev.tinyforge.tflite.TfliteSchema;
import dev.tinyforge.tflite.TfliteVerifier;
import dev.tinyforge.tflite.TfliteVerifierException;
import dev.tinyforge.tflite.TfliteWriter;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.global.tensorflowlite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;

/**
 * {@link TfliteVerifier} against the verifier inside TFLite 2.20's
 * {@code FlatBufferModel::VerifyAndBuildFromBuffer} (only that: no interpreter is built from a damaged
 * file, since TFLite may abort the JVM there).
 *
 * <p>Two tests: corrupted real files (every file TFLite refuses, we refuse at the flatbuffer stage, and
 * we refuse no file TFLite's verifier accepts at that stage; what we refuse beyond it names a model-level
 * reason TFLite would hit when it builds the interpreter), and a field-by-field probe showing that
 * {@link TfliteSchema} has exactly the tables, fields, sizes and union members TFLite 2.20 verifies.
 *
 * <p>TFLite prints one "not a valid Flatbuffer" line per refused file on stderr; that is expected.
 */
class VerifierDifferentialTest {
    static final int FILES = 3000;
    static final long SEED = 20_250_611L;
    private static final long TIMEOUT_SECONDS = 10;

    private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "verifier-under-test");
        t.setDaemon(true);
        return t;
    });

    static {
        Loader.load(tensorflowlite.class);
    }

    @AfterAll
    static void stop() {
        EXECUTOR.shutdownNow();
    }

    /** TFLite's verdict: whether its flatbuffer verifier accepts the file. */
    static boolean tfliteAccepts(byte[] file) {
        try (BytePointer p = new BytePointer(Math.max(file.length, 1))) {
            p.put(file);
            FlatBufferModel m = FlatBufferModel.VerifyAndBuildFromBuffer(p, file.length);
            boolean ok = m != null && !m.isNull();
            if (ok) {
                m.close();
            }
            return ok;
        }
    }

    // --- corrupted real files ---------------------------------------------------------------------

    private static List<byte[]> seeds;

    /** Zoo exports (int8 and float) and single-op files: real layouts with few and many weights. */
    static synchronized List<byte[]> seeds() {
        if (seeds != null) {
            return seeds;
        }
        seeds = new ArrayList<>();
        for (String name : List.of("mcunet-vww1", "resnet8")) {
            for (boolean floatModel : new boolean[] {false, true}) {
                ZooConfig c = new ZooConfig(0.35, 32, 10, 3, 11);
                seeds.add(ExportPipeline.run(new ExportPipeline.Request(Zoo.get(name), c, floatModel, 2,
                        QuantizeOptions.defaults()), Progress.NONE).tflite());
            }
        }
        for (OpType kind : List.of(Mul.OP, Softmax.OP, Concatenation.OP, DepthwiseConv2d.OP)) {
            seeds.add(TfliteWriter.write(OpSamples.graph(kind)));
        }
        seeds = List.copyOf(seeds);
        return seeds;
    }

    /** Byte ranges of constant data (weights) longer than 64 bytes: damage there changes no structure. */
    static List<int[]> weightRanges(byte[] file) {
        Model m = Model.getRootAsModel(ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN));
        List<int[]> ranges = new ArrayList<>();
        for (int b = 0; b < m.buffersLength(); b++) {
            ByteBuffer data = m.buffers(b).dataAsByteBuffer();
            if (data != null && data.remaining() > 64) {
                ranges.add(new int[] {data.position(), data.limit()});
            }
        }
        ranges.sort((x, y) -> Integer.compare(x[0], y[0]));
        return ranges;
    }

    /** A position, mostly among the structural bytes (outside the weight ranges). */
    static int position(byte[] file, List<int[]> weights, SplittableRandom rnd) {
        if (rnd.nextInt(100) < 15 || weights.isEmpty()) {
            return rnd.nextInt(file.length);
        }
        int structural = file.length;
        for (int[] w : weights) {
            structural -= w[1] - w[0];
        }
        int k = rnd.nextInt(structural);
        int pos = 0;
        for (int[] w : weights) {
            if (k < w[0] - pos) {
                return pos + k;
            }
            k -= w[0] - pos;
            pos = w[1];
        }
        return Math.min(pos + k, file.length - 1);
    }

    /** One seeded corruption: byte flips, 16/32-bit overwrites, truncation, insertion, deletion, or a mix. */
    static byte[] mutate(byte[] original, List<int[]> weights, SplittableRandom rnd) {
        byte[] f = original.clone();
        int mutations = rnd.nextInt(10) < 7 ? 1 : 2 + rnd.nextInt(2);
        for (int m = 0; m < mutations && f.length > 8; m++) {
            int at = position(f, f.length == original.length ? weights : List.of(), rnd);
            switch (rnd.nextInt(7)) {
                case 0 -> f[at] ^= (byte) (1 + rnd.nextInt(255));
                case 1 -> {
                    int a = Math.min(at & ~1, f.length - 2);
                    int old = (f[a] & 0xFF) | (f[a + 1] & 0xFF) << 8;
                    int[] values = {0, 0xFFFF, rnd.nextInt(0x10000), old + 1 + rnd.nextInt(16),
                        old - 1 - rnd.nextInt(16), 0x8000};
                    int v = values[rnd.nextInt(values.length)];
                    f[a] = (byte) v;
                    f[a + 1] = (byte) (v >> 8);
                }
                case 2, 3 -> {
                    int a = Math.min(at & ~3, f.length - 4);
                    ByteBuffer bb = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
                    int old = bb.getInt(a);
                    int[] values = {0, -1, 0x7FFFFFFF, rnd.nextInt(), old + 1 + rnd.nextInt(16),
                        old - 1 - rnd.nextInt(16), old + 4 * (1 + rnd.nextInt(64)), 0x80000000};
                    bb.putInt(a, values[rnd.nextInt(values.length)]);
                }
                case 4 -> f = Arrays.copyOf(f, 1 + rnd.nextInt(f.length - 1));
                case 5 -> {
                    byte[] insert = new byte[1 + rnd.nextInt(16)];
                    rnd.nextBytes(insert);
                    byte[] g = new byte[f.length + insert.length];
                    System.arraycopy(f, 0, g, 0, at);
                    System.arraycopy(insert, 0, g, at, insert.length);
                    System.arraycopy(f, at, g, at + insert.length, f.length - at);
                    f = g;
                }
                default -> {
                    int n = Math.min(1 + rnd.nextInt(16), f.length - at - 1);
                    byte[] g = new byte[f.length - n];
                    System.arraycopy(f, 0, g, 0, at);
                    System.arraycopy(f, at + n, g, at, f.length - at - n);
                    f = g;
                }
            }
        }
        return f;
    }

    /** Our verdict: null when accepted, else the exception (any kind, so that wrong kinds can be counted). */
    static Throwable ours(byte[] file) throws InterruptedException {
        Future<Throwable> result = EXECUTOR.submit(() -> {
            try {
                TfliteVerifier.verify(file, "fuzzed.tflite");
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        try {
            return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            return new AssertionError("no verdict within " + TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void weRefuseEveryCorruptedFileTfliteRefuses() throws InterruptedException {
        long start = System.nanoTime();
        List<byte[]> seeds = seeds();
        List<List<int[]>> weights = seeds.stream().map(VerifierDifferentialTest::weightRanges).toList();
        for (int s = 0; s < seeds.size(); s++) {
            assertTrue(tfliteAccepts(seeds.get(s)), "seed " + s);
            TfliteVerifier.verify(seeds.get(s), "seed " + s);
        }
        SplittableRandom rnd = new SplittableRandom(SEED);
        int bothRefuse = 0;
        int bothAccept = 0;
        Map<String, Integer> onlyOursModel = new TreeMap<>();
        Map<String, Integer> structureRules = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> readerOutcomes = new TreeMap<>();
        for (int i = 0; i < FILES; i++) {
            int s = i % seeds.size();
            byte[] file = mutate(seeds.get(s), weights.get(s), rnd);
            boolean tflite = tfliteAccepts(file);
            Throwable verdict = ours(file);
            String what = "file " + i + " (seed " + s + ", " + file.length + " bytes)";
            if (verdict != null && !(verdict instanceof TfliteVerifierException)) {
                problems.add(what + ": our verifier threw " + verdict);
                continue;
            }
            TfliteVerifierException e = (TfliteVerifierException) verdict;
            if (e != null) {
                assertTrue(e.getMessage().startsWith("fuzzed.tflite: ") && !e.getMessage().contains("\n"),
                        e.getMessage());
            }
            boolean structureRefuses = e != null && e.stage() == TfliteVerifierException.Stage.STRUCTURE;
            if (!tflite && !structureRefuses) {
                problems.add(what + ": TFLite's verifier refuses it, our flatbuffer stage "
                        + (e == null ? "accepts it" : "passes it (model stage: " + e.getMessage() + ")"));
            } else if (tflite && structureRefuses) {
                problems.add(what + ": TFLite's verifier accepts it, our flatbuffer stage refuses: " + e.getMessage());
            } else if (!tflite) {
                bothRefuse++;
                structureRules.merge(e.rule(), 1, Integer::sum);
            } else if (e != null) {
                onlyOursModel.merge(e.rule(), 1, Integer::sum);
            } else {
                bothAccept++;
                readerOutcomes.merge(readerOutcome(file), 1, Integer::sum);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int onlyOurs = onlyOursModel.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("VerifierDifferentialTest: %d corrupted files from %d seeds in %.1f s: refused by both %d, "
                + "refused only by us (model-level reasons) %d, accepted by both %d, refused only by TFLite %d%n",
                FILES, seeds.size(), seconds, bothRefuse, onlyOurs, bothAccept,
                problems.stream().filter(p -> p.contains("refuses it, our")).count());
        System.out.println("  refused by both, by our flatbuffer rule: " + structureRules);
        System.out.println("  refused only by us, by model-level rule: " + onlyOursModel);
        System.out.println("  accepted by both, then TfliteReader.read: " + readerOutcomes);
        problems.stream().limit(20).forEach(p -> System.out.println("  PROBLEM " + p));
        assertEquals(List.of(), problems);
        assertTrue(bothRefuse > FILES / 10 && bothAccept > FILES / 10, "corpus too one-sided");
    }

    /** What TinyForge's reader makes of a file both verifiers accept (reported, not asserted here). */
    private static String readerOutcome(byte[] file) {
        try {
            TfliteReader.read(file, "fuzzed.tflite");
            return "read";
        } catch (ModelFormatException e) {
            return "refused";
        } catch (RuntimeException | Error e) {
            return e.getClass().getSimpleName();
        }
    }

    /**
     * The JVM abort: an int8 activation whose scale vector is empty (zero point kept). TFLite
     * reads it as unquantized and its kernels abort on the zero scale; the runner must refuse it first.
     */
    @Test
    void runnerRefusesAnEmptyScaleBeforeTfliteSeesIt() {
        byte[] file = seeds().get(0).clone();
        ByteBuffer bb = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        SubGraph sg = Model.getRootAsModel(bb).subgraphs(0);
        int emptied = -1;
        for (int t = 0; t < sg.tensorsLength() && emptied < 0; t++) {
            Tensor tensor = sg.tensors(t);
            if (tensor.buffer() == 0 && tensor.quantization() != null && tensor.quantization().scaleLength() == 1) {
                bb.putInt(tensor.quantization().scaleAsByteBuffer().position() - 4, 0);
                emptied = t;
            }
        }
        assertTrue(emptied >= 0);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new TfliteRunner(file, "empty-scale.tflite", RunnerOptions.reference()));
        assertTrue(e.getMessage().startsWith("empty-scale.tflite: subgraph 0 tensor " + emptied + " '")
                && e.getMessage().contains("quantization.scale: empty while zero_point has 1 value"), e.getMessage());
    }

    // --- the schema, field by field -----------------------------------------------------------------

    /**
     * For every table of {@link TfliteSchema}, a file in which only that table (reached from Model by
     * the shortest path) has one field set, damaged so as to tell what TFLite verifies: a scalar moved
     * to the last {@code size} bytes (accepted only if TFLite's field is not larger), past the end
     * (refused only if TFLite knows the field), or half-aligned (refused only if TFLite's alignment is
     * as large); an offset led out of the file; a string without NUL; a vector one element too long; a
     * child table with a broken vtable; a union with an unknown type code; and a slot past the last
     * field, which TFLite must ignore. Both verifiers must agree on every file.
     */
    @Test
    void schemaAgreesWithTfliteFieldByField() {
        FlatBufferSchema schema = TfliteSchema.SCHEMA;
        SchemaProbe probe = new SchemaProbe(schema);
        List<String> mismatches = new ArrayList<>();
        int files = 0;
        for (FlatBufferSchema.Table t : schema.tables()) {
            for (Field f : t.fields()) {
                for (SchemaProbe.Case c : probe.cases(t, f)) {
                    files++;
                    compare(c, mismatches);
                }
            }
            for (SchemaProbe.Case c : probe.unknownSlotCases(t)) {
                files++;
                compare(c, mismatches);
            }
        }
        for (SchemaProbe.Case c : probe.vtableCases()) {
            files++;
            compare(c, mismatches);
        }
        System.out.printf("VerifierDifferentialTest: schema probe, %d tables, %d files, %d disagreements%n",
                schema.tables().size(), files, mismatches.size());
        mismatches.stream().limit(40).forEach(m -> System.out.println("  MISMATCH " + m));
        assertEquals(List.of(), mismatches);
    }

    private static void compare(SchemaProbe.Case c, List<String> mismatches) {
        boolean tflite = tfliteAccepts(c.file());
        boolean ours;
        try {
            TfliteVerifier.verifyStructure(c.file(), "probe.tflite");
            ours = true;
        } catch (TfliteVerifierException e) {
            ours = false;
        }
        if (tflite != ours || tflite != c.expectAccepted()) {
            mismatches.add(c.name() + ": expected " + (c.expectAccepted() ? "accepted" : "refused") + ", TFLite "
                    + (tflite ? "accepts" : "refuses") + ", ours " + (ours ? "accepts" : "refuses"));
        }
    }

    /** Builds the probe files for {@link #schemaAgreesWithTfliteFieldByField}. */
    static final class SchemaProbe {
        record Case(String name, byte[] file, boolean expectAccepted) {
        }

        /** How a table is reached from its parent: the parent's field, and the union code if a union. */
        private record Edge(String parent, Field field, int code) {
        }

        /** A built file and the positions of the probed table, its field's inline value and its sub-object. */
        private record Built(byte[] file, int table, int field, int sub, int child) {
        }

        /** Slot past a parent's last field used to keep its vtable distinct. */
        private static final int PARENT_MARK = 5;

        private final FlatBufferSchema schema;
        private final Map<String, List<Edge>> paths = new HashMap<>();

        SchemaProbe(FlatBufferSchema schema) {
            this.schema = schema;
            String root = schema.root().name();
            paths.put(root, List.of());
            ArrayDeque<String> todo = new ArrayDeque<>(List.of(root));
            while (!todo.isEmpty()) {
                String parent = todo.pop();
                for (Field f : schema.table(parent).fields()) {
                    List<String> children = new ArrayList<>();
                    List<Integer> codes = new ArrayList<>();
                    if (f.kind() == Kind.TABLE || f.kind() == Kind.TABLE_VECTOR) {
                        children.add(f.ref());
                        codes.add(0);
                    } else if (f.kind() == Kind.UNION_VALUE) {
                        List<String> members = schema.union(f.ref()).members();
                        for (int k = 0; k < members.size(); k++) {
                            children.add(members.get(k));
                            codes.add(k + 1);
                        }
                    }
                    for (int k = 0; k < children.size(); k++) {
                        if (!paths.containsKey(children.get(k))) {
                            List<Edge> path = new ArrayList<>(paths.get(parent));
                            path.add(new Edge(parent, f, codes.get(k)));
                            paths.put(children.get(k), path);
                            todo.add(children.get(k));
                        }
                    }
                }
            }
        }

        List<Case> cases(FlatBufferSchema.Table t, Field f) {
            String name = t.name() + "." + f.name() + " (" + f.kind() + (f.kind() == Kind.SCALAR ? " " + f.size() : "")
                    + ")";
            List<Case> cases = new ArrayList<>();
            Built b = build(t, f, -1, 1);
            cases.add(new Case(name + " as written", b.file(), true));
            if (f.kind() == Kind.DEPRECATED) {
                cases.add(new Case(name + " past the end", moveField(b, b.file().length), true));
                return cases;
            }
            if (!f.kind().isOffset()) {
                int s = f.size();
                int end = b.file().length;
                cases.add(new Case(name + " in the last " + s + " bytes", moveField(b, end - s), true));
                cases.add(new Case(name + " past the end", moveField(b, end), false));
                if (s > 1) {
                    cases.add(new Case(name + " aligned to " + s / 2 + " only", moveField(b, end - s - s / 2), false));
                }
                return cases;
            }
            byte[] out = b.file().clone();
            putInt(out, b.field(), out.length - b.field() + 4);
            cases.add(new Case(name + " offset out of the file", out, false));
            switch (f.kind()) {
                case STRING -> cases.add(new Case(name + " without NUL", withoutNul(b.file(), b.sub()), false));
                case STRING_VECTOR -> cases.add(new Case(name + " element without NUL",
                        withoutNul(b.file(), b.child()), false));
                case SCALAR_VECTOR -> {
                    int fit = (b.file().length - b.sub() - 4) / f.size();
                    byte[] fits = b.file().clone();
                    putInt(fits, b.sub(), fit);
                    cases.add(new Case(name + " with " + fit + " elements up to the end", fits, true));
                    byte[] over = b.file().clone();
                    putInt(over, b.sub(), fit + 1);
                    cases.add(new Case(name + " with one element too many", over, false));
                }
                case TABLE, TABLE_VECTOR -> cases.add(new Case(name + " child with a broken vtable",
                        brokenVtable(b.file(), b.child()), false));
                case UNION_VALUE -> {
                    FlatBufferSchema.Union u = schema.union(f.ref());
                    for (int code = 1; code <= u.members().size(); code++) {
                        Built member = build(t, f, -1, code);
                        cases.add(new Case(name + " member " + code + " (" + u.member(code) + ") with a broken vtable",
                                brokenVtable(member.file(), member.child()), false));
                    }
                    int unknown = u.members().size() + 1;
                    Built beyond = build(t, f, -1, unknown);
                    cases.add(new Case(name + " unknown member " + unknown + " with a broken vtable",
                            brokenVtable(beyond.file(), beyond.child()), true));
                    Built none = build(t, f, -1, 0);
                    cases.add(new Case(name + " type NONE with a broken vtable",
                            brokenVtable(none.file(), none.child()), true));
                }
                default -> {
                }
            }
            return cases;
        }

        /** A slot past the table's last field, set and then led past the end: nobody may verify it. */
        List<Case> unknownSlotCases(FlatBufferSchema.Table t) {
            Built b = build(t, null, t.idCount(), 1);
            String name = t.name() + " slot " + t.idCount();
            return List.of(new Case(name + " as written", b.file(), true),
                    new Case(name + " past the end", moveField(b, b.file().length), true));
        }

        /**
         * What flatbuffers checks of a vtable: its size must be even, nothing more (a size below 4 means no
         * fields; the table's inline size, the vtable's second entry, is never compared with field offsets).
         */
        List<Case> vtableCases() {
            FlatBufferSchema.Table tensor = schema.table("Tensor");
            Built b = build(tensor, tensor.field("type"), -1, 1);
            List<Case> cases = new ArrayList<>();
            int[][] variants = {{0, -1, 1}, {2, -1, 1}, {3, -1, 0}, {-1, 0, 1}, {-1, 5, 1}};
            for (int[] v : variants) {
                byte[] f = b.file().clone();
                ByteBuffer bb = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
                int vtable = b.table() - bb.getInt(b.table());
                if (v[0] >= 0) {
                    bb.putShort(vtable, (short) v[0]);
                }
                if (v[1] >= 0) {
                    bb.putShort(vtable + 2, (short) v[1]);
                }
                cases.add(new Case("Tensor vtable with size " + (v[0] >= 0 ? v[0] : "as written") + " and inline size "
                        + (v[1] >= 0 ? v[1] : "as written"), f, v[2] == 1));
            }
            return cases;
        }

        /**
         * A file where table {@code t} has only field {@code f} (or, with {@code f} null, an int at
         * {@code extraSlot}) set, built first so that it lies at the end of the file, then its chain of
         * parents up to Model. The length is padded to a multiple of 8.
         */
        private Built build(FlatBufferSchema.Table t, Field f, int extraSlot, int unionCode) {
            FlatBufferBuilder b = new FlatBufferBuilder(1024);
            b.forceDefaults(true);
            int sub = 0;
            int child = 0;
            if (f != null) {
                switch (f.kind()) {
                    case STRING -> sub = b.createString("probe");
                    case SCALAR_VECTOR -> {
                        b.startVector(f.size(), 2, f.size());
                        for (int i = 0; i < 2 * f.size(); i++) {
                            b.addByte((byte) 0);
                        }
                        sub = b.endVector();
                    }
                    case STRING_VECTOR -> {
                        child = b.createString("p");
                        sub = b.createVectorOfTables(new int[] {child});
                    }
                    case TABLE, UNION_VALUE -> {
                        b.startTable(0);
                        sub = b.endTable();
                        child = sub;
                    }
                    case TABLE_VECTOR -> {
                        b.startTable(0);
                        child = b.endTable();
                        sub = b.createVectorOfTables(new int[] {child});
                    }
                    default -> {
                    }
                }
            }
            b.startTable(Math.max(t.idCount(), extraSlot + 1));
            if (f != null) {
                switch (f.kind()) {
                    case SCALAR, UNION_TYPE -> addScalar(b, f.id(), f.size());
                    case DEPRECATED -> addScalar(b, f.id(), 4);
                    case UNION_VALUE -> {
                        b.addByte(f.id() - 1, (byte) unionCode, -1);
                        b.addOffset(f.id(), sub, 0);
                    }
                    default -> b.addOffset(f.id(), sub, 0);
                }
            }
            if (extraSlot >= 0) {
                b.addInt(extraSlot, 7, 0);
            }
            int table = b.endTable();
            int node = table;
            List<Edge> path = paths.get(t.name());
            for (int i = path.size() - 1; i >= 0; i--) {
                Edge e = path.get(i);
                int value = e.field().kind() == Kind.TABLE_VECTOR ? b.createVectorOfTables(new int[] {node}) : node;
                int ids = schema.table(e.parent()).idCount();
                b.startTable(ids + PARENT_MARK + 1);
                if (e.field().kind() == Kind.UNION_VALUE) {
                    b.addByte(e.field().id() - 1, (byte) e.code(), -1);
                }
                b.addOffset(e.field().id(), value, 0);
                // An unknown slot of the parent's own, so that flatbuffers never shares its vtable with the
                // probed table's (the probes rewrite that vtable).
                b.addInt(ids + PARENT_MARK, 1, 0);
                node = b.endTable();
            }
            b.finish(node, TfliteSchema.IDENTIFIER);
            byte[] raw = b.sizedByteArray();
            // Zero padding: a multiple of 8 for aligned probes, and room past the probed table for misaligned ones.
            byte[] file = Arrays.copyOf(raw, ((raw.length + 7) & ~7) + 16);
            int tablePos = raw.length - table;
            int fieldId = f != null ? f.id() : extraSlot;
            ByteBuffer bb = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            int vtable = tablePos - bb.getInt(tablePos);
            int fieldPos = tablePos + (bb.getShort(vtable + 4 + 2 * fieldId) & 0xFFFF);
            return new Built(file, tablePos, fieldPos, sub == 0 ? 0 : raw.length - sub,
                    child == 0 ? 0 : raw.length - child);
        }

        private static void addScalar(FlatBufferBuilder b, int id, int size) {
            switch (size) {
                case 1 -> b.addByte(id, (byte) 0, -1);
                case 2 -> b.addShort(id, (short) 0, -1);
                case 4 -> b.addInt(id, 0, -1);
                default -> b.addLong(id, 0, -1);
            }
        }

        /** The file with the probed field's vtable entry pointing at absolute position {@code at}. */
        private static byte[] moveField(Built b, int at) {
            byte[] file = b.file().clone();
            ByteBuffer bb = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            int vtable = b.table() - bb.getInt(b.table());
            for (int slot = vtable + 4; slot < vtable + (bb.getShort(vtable) & 0xFFFF); slot += 2) {
                if (b.table() + (bb.getShort(slot) & 0xFFFF) == b.field()) {
                    bb.putShort(slot, (short) (at - b.table()));
                    return file;
                }
            }
            throw new AssertionError("field slot not found");
        }

        private static byte[] withoutNul(byte[] file, int string) {
            byte[] f = file.clone();
            int length = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).getInt(string);
            f[string + 4 + length] = 'x';
            return f;
        }

        private static byte[] brokenVtable(byte[] file, int table) {
            byte[] f = file.clone();
            putInt(f, table, 0x7FFFFFF0);
            return f;
        }

        private static void putInt(byte[] f, int at, int value) {
            ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        }
    }
}
