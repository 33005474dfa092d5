package dev.tinyforge.tflite;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.tflite.FlatBufferSchema.Field;
import dev.tinyforge.tflite.FlatBufferSchema.Kind;
import dev.tinyforge.tflite.TfliteVerifierException.Stage;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Architecture;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.QuantizationDetails;
import org.tensorflow.lite.schema.SparseIndexVector;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.Tensor;

/**
 * {@link TfliteVerifier} accepts every model TinyForge writes and refuses each kind of damage with a
 * message naming the place and the problem; {@link ModelBytes} refuses what is not a readable file.
 * That the verifier accepts no less than TFLite does is shown by {@code VerifierDifferentialTest}.
 */
class TfliteVerifierTest {
    private static final FlatBufferSchema S = TfliteSchema.SCHEMA;

    static Stream<String> architectures() {
        return Zoo.all().stream().map(Architecture::name);
    }

    /** Every zoo architecture at MCU scale, as int8 and as float. */
    @ParameterizedTest
    @MethodSource("architectures")
    void everyZooExportPasses(String name) {
        Architecture a = Zoo.get(name);
        ZooConfig config = new ZooConfig(0.35, a.defaultConfig().resolution() <= 32 ? 32 : 64, 10, 3, 5);
        for (boolean floatModel : new boolean[] {false, true}) {
            byte[] file = ExportPipeline.run(new ExportPipeline.Request(a, config, floatModel, 2,
                    QuantizeOptions.defaults()), Progress.NONE).tflite();
            assertDoesNotThrow(() -> TfliteVerifier.verify(file, name + ".tflite"),
                    name + (floatModel ? " float" : " int8"));
        }
    }

    @Test
    void handWrittenModelsPass() {
        TfliteVerifier.verify(TfliteWriter.write(TfliteRoundTripTest.floatGraph()), "float.tflite");
        TfliteVerifier.verify(TfliteWriter.write(TfliteRoundTripTest.int8Graph()), "int8.tflite");
    }

    // --- one corruption per rule, each named in the message --------------------------------------

    private static byte[] int8() {
        return TfliteWriter.write(TfliteRoundTripTest.int8Graph());
    }

    private static TfliteVerifierException refused(byte[] file) {
        return assertThrows(TfliteVerifierException.class, () -> TfliteVerifier.verify(file, "m.tflite"));
    }

    private static void assertMessage(TfliteVerifierException e, String... parts) {
        String m = e.getMessage();
        assertTrue(m.startsWith("m.tflite: "), m);
        assertTrue(!m.contains("\n"), m);
        for (String p : parts) {
            assertTrue(m.contains(p), "expected '" + p + "' in: " + m);
        }
    }

    /** Position helpers over the verified original, to aim a corruption at one field. */
    private record At(byte[] file, FlatBufferView v) {
        static At of(byte[] file) {
            return new At(file, new FlatBufferView(file));
        }

        int subgraph() {
            return v.tableAt(v.ref(v.root(), id("Model", "subgraphs")), 0);
        }

        int tensor(int i) {
            return v.tableAt(v.ref(subgraph(), id("SubGraph", "tensors")), i);
        }

        int operator(int i) {
            return v.tableAt(v.ref(subgraph(), id("SubGraph", "operators")), i);
        }

        int tensorCount() {
            return v.length(v.ref(subgraph(), id("SubGraph", "tensors")));
        }

        /** The first tensor with a per-channel (more than one) scale vector. */
        int perChannelTensor() {
            for (int t = 0; t < tensorCount(); t++) {
                int q = v.ref(tensor(t), id("Tensor", "quantization"));
                if (q != 0 && v.length(v.ref(q, id("QuantizationParameters", "scale"))) > 1) {
                    return t;
                }
            }
            throw new AssertionError("no per-channel tensor");
        }

        /** The first activation (no buffer) int8 tensor with one scale. */
        int perTensorActivation() {
            for (int t = 0; t < tensorCount(); t++) {
                int q = v.ref(tensor(t), id("Tensor", "quantization"));
                if (q != 0 && v.length(v.ref(q, id("QuantizationParameters", "scale"))) == 1
                        && v.u32Field(tensor(t), id("Tensor", "buffer"), 0) == 0) {
                    return t;
                }
            }
            throw new AssertionError("no per-tensor activation");
        }

        String name(int t) {
            return v.string(v.ref(tensor(t), id("Tensor", "name")), 1000);
        }

        static int id(String table, String field) {
            return S.table(table).field(field).id();
        }
    }

    private static void putU16(byte[] b, int at, int value) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
    }

    private static void putU32(byte[] b, int at, int value) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    }

    private static byte[] viaObjects(byte[] file, Consumer<ModelT> edit) {
        ModelT m = Model.getRootAsModel(ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN)).unpack();
        edit.accept(m);
        FlatBufferBuilder fb = new FlatBufferBuilder();
        Model.finishModelBuffer(fb, Model.pack(fb, m));
        return fb.sizedByteArray();
    }

    @Test
    void vtableEntrySetToFfffIsRefusedByTheVerifierAndTheReader() {
        byte[] file = int8();
        At at = At.of(file);
        int sg = at.subgraph();
        int vtable = sg - at.v().i32(sg);
        // The subgraph's 'operators' slot: 0xFFFF points past the end of this small file.
        putU16(file, vtable + 4 + 2 * At.id("SubGraph", "operators"), 0xFFFF);
        TfliteVerifierException e = refused(file);
        assertEquals(Stage.STRUCTURE, e.stage());
        assertMessage(e, "subgraph 0 operators", "corrupted");
        ModelFormatException fromReader = assertThrows(ModelFormatException.class,
                () -> TfliteReader.read(file, "m.tflite"));
        assertEquals(e.getMessage(), fromReader.getMessage());
        // The vtable's own size set to 0xFFFF (odd).
        byte[] odd = int8();
        putU16(odd, vtable, 0xFFFF);
        assertMessage(refused(odd), "odd size 65535");
    }

    @Test
    void truncatedFilesAreRefused() {
        byte[] file = int8();
        for (int len : new int[] {0, 7, 11, 100, file.length / 2, file.length - 1}) {
            TfliteVerifierException e = refused(Arrays.copyOf(file, len));
            assertEquals(Stage.STRUCTURE, e.stage(), e.getMessage());
            assertMessage(e, "truncated");
        }
    }

    @Test
    void wrongIdentifierNamesTfl3() {
        byte[] file = int8();
        file[4] = 'X';
        assertMessage(refused(file), "'XFL3'", "expected 'TFL3'");
    }

    @Test
    void emptyScaleVectorIsRefused() {
        byte[] file = int8();
        At at = At.of(file);
        int t = at.perTensorActivation();
        int q = at.v().ref(at.tensor(t), At.id("Tensor", "quantization"));
        putU32(file, at.v().ref(q, At.id("QuantizationParameters", "scale")), 0);
        TfliteVerifierException e = refused(file);
        assertEquals(Stage.MODEL, e.stage());
        assertMessage(e, "subgraph 0 tensor " + t + " '" + at.name(t) + "' quantization.scale: empty while "
                + "zero_point has 1 value", "re-export");
    }

    @Test
    void zeroPointCountMismatchIsRefused() {
        byte[] file = int8();
        int t = At.of(file).perTensorActivation();
        byte[] bad = viaObjects(file, m -> m.getSubgraphs()[0].getTensors()[t].getQuantization()
                .setZeroPoint(new long[] {0, 0}));
        assertMessage(refused(bad), "tensor " + t, "quantization.zero_point: 2 values for 1 scales");
    }

    @Test
    void quantizedDimensionOutOfRangeIsRefused() {
        byte[] file = int8();
        int t = At.of(file).perChannelTensor();
        byte[] bad = viaObjects(file, m -> m.getSubgraphs()[0].getTensors()[t].getQuantization()
                .setQuantizedDimension(4));
        assertMessage(refused(bad), "tensor " + t, "quantization.quantized_dimension: 4 is outside the tensor's 4 "
                + "dimensions");
        byte[] wrongAxis = viaObjects(file, m -> m.getSubgraphs()[0].getTensors()[t].getQuantization()
                .setQuantizedDimension(1));
        assertMessage(refused(wrongAxis), "tensor " + t, "scales for dimension 1 of size");
    }

    @Test
    void perTensorScaleWithAnOutOfRangeDimensionIsLeftToTheImporter() {
        byte[] file = int8();
        int t = At.of(file).perTensorActivation();
        byte[] odd = viaObjects(file, m -> m.getSubgraphs()[0].getTensors()[t].getQuantization()
                .setQuantizedDimension(3));
        assertDoesNotThrow(() -> TfliteVerifier.verify(odd, "m.tflite"));
    }

    @Test
    void nonPositiveScaleOfAnIntegerTensorIsRefused() {
        byte[] file = int8();
        int t = At.of(file).perTensorActivation();
        for (float s : new float[] {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            byte[] bad = viaObjects(file, m -> m.getSubgraphs()[0].getTensors()[t].getQuantization()
                    .setScale(new float[] {s}));
            assertMessage(refused(bad), "tensor " + t, "quantization.scale[0]: scale " + s);
        }
    }

    @Test
    void tensorIndexOutOfRangeIsRefused() {
        byte[] file = int8();
        byte[] bad = viaObjects(file, m -> m.getSubgraphs()[0].getOperators()[0].getInputs()[0] = 999);
        assertMessage(refused(bad), "subgraph 0 operator 0 inputs[0]: tensor index 999 is out of range");
        byte[] output = viaObjects(file, m -> m.getSubgraphs()[0].setOutputs(new int[] {-2}));
        assertMessage(refused(output), "subgraph 0 outputs[0]: tensor index -2");
        byte[] optional = viaObjects(file, m -> {
            int[] in = m.getSubgraphs()[0].getOperators()[0].getInputs();
            m.getSubgraphs()[0].getOperators()[0].setInputs(Arrays.copyOf(in, in.length + 1));
            m.getSubgraphs()[0].getOperators()[0].getInputs()[in.length] = -1;
        });
        assertDoesNotThrow(() -> TfliteVerifier.verify(optional, "m.tflite"));
    }

    @Test
    void opcodeIndexOutOfRangeIsRefused() {
        byte[] bad = viaObjects(int8(), m -> m.getSubgraphs()[0].getOperators()[0].setOpcodeIndex(42));
        assertMessage(refused(bad), "subgraph 0 operator 0: operator code index 42 is out of range");
    }

    @Test
    void bufferShorterThanTheShapeIsRefusedAndLongerIsAccepted() {
        byte[] file = int8();
        int t = At.of(file).perChannelTensor();
        ModelT m = Model.getRootAsModel(ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN)).unpack();
        int b = (int) m.getSubgraphs()[0].getTensors()[t].getBuffer();
        int length = m.getBuffers()[b].getData().length;
        byte[] bad = viaObjects(file, mm -> mm.getBuffers()[b].setData(Arrays.copyOf(mm.getBuffers()[b].getData(),
                length - 1)));
        assertMessage(refused(bad), "tensor " + t, "its buffer " + b + " holds " + (length - 1) + " bytes", "of INT8 "
                + "needs " + length);
        byte[] longer = viaObjects(file, mm -> mm.getBuffers()[b].setData(Arrays.copyOf(mm.getBuffers()[b].getData(),
                length + 3)));
        assertDoesNotThrow(() -> TfliteVerifier.verify(longer, "m.tflite"));
        byte[] missing = viaObjects(file, mm -> mm.getSubgraphs()[0].getTensors()[t].setBuffer(1000));
        assertMessage(refused(missing), "tensor " + t, "buffer index 1000 is out of range");
    }

    @Test
    void negativeDimensionIsRefused() {
        byte[] bad = viaObjects(int8(), m -> m.getSubgraphs()[0].getTensors()[0].getShape()[0] = -1);
        assertMessage(refused(bad), "tensor 0", "shape: dimension 0 is -1");
    }

    @Test
    void otherVersionsAndEmptyModelsAreRefused() {
        assertMessage(refused(viaObjects(int8(), m -> m.setVersion(2))), "schema version 2");
        assertMessage(refused(viaObjects(int8(), m -> m.setSubgraphs(new SubGraphT[0]))),
                "no subgraph");
    }

    @Test
    void stringWithoutNulIsRefused() {
        byte[] file = int8();
        At at = At.of(file);
        int name = at.v().ref(at.tensor(0), At.id("Tensor", "name"));
        file[name + 4 + at.v().length(name)] = 'x';
        assertMessage(refused(file), "subgraph 0 tensor 0 name", "is not followed by a NUL byte");
    }

    @Test
    void vectorLengthRunningPastTheEndIsRefused() {
        byte[] file = int8();
        At at = At.of(file);
        int shape = at.v().ref(at.tensor(1), At.id("Tensor", "shape"));
        putU32(file, shape, 0x7FFFFFFF);
        assertMessage(refused(file), "subgraph 0 tensor 1 shape", "declares 2147483647 elements");
        putU32(file, shape, file.length / 4);
        assertMessage(refused(file), "running past the end of the file");
    }

    @Test
    void externalBufferOutsideTheFileIsRefused() {
        FlatBufferBuilder b = new FlatBufferBuilder();
        int empty = table(b, 0);
        b.startTable(3);
        b.addLong(1, 4096, 0);
        b.addLong(2, 64, 0);
        int external = b.endTable();
        int buffers = b.createVectorOfTables(new int[] {empty, external});
        byte[] file = minimalModel(b, buffers);
        assertMessage(refused(file), "buffer 1: offset 4096 + size 64 runs past the end of the file");
    }

    /** A model with one empty subgraph and the given buffers vector. */
    private static byte[] minimalModel(FlatBufferBuilder b, int buffers) {
        int tensors = b.createVectorOfTables(new int[0]);
        b.startTable(1);
        b.addOffset(0, tensors, 0);
        int sg = b.endTable();
        int subgraphs = b.createVectorOfTables(new int[] {sg});
        b.startTable(5);
        b.addInt(0, 3, 0);
        b.addOffset(2, subgraphs, 0);
        b.addOffset(4, buffers, 0);
        b.finish(b.endTable(), TfliteSchema.IDENTIFIER);
        return b.sizedByteArray();
    }

    private static int table(FlatBufferBuilder b, int fields) {
        b.startTable(fields);
        return b.endTable();
    }

    @Test
    void tableCountIsLimitedLikeFlatbuffers() {
        for (int n : new int[] {FlatBufferChecker.MAX_TABLES - 2, FlatBufferChecker.MAX_TABLES - 1}) {
            FlatBufferBuilder b = new FlatBufferBuilder(4 * n + 1024);
            int empty = table(b, 0);
            b.startVector(4, n, 4);
            for (int i = 0; i < n; i++) {
                b.addOffset(empty);
            }
            byte[] file = minimalModel(b, b.endVector());
            // Model + subgraph + n buffers: the limit is 1,000,000 tables in all.
            if (n + 2 <= FlatBufferChecker.MAX_TABLES) {
                assertDoesNotThrow(() -> TfliteVerifier.verify(file, "m.tflite"));
            } else {
                assertMessage(refused(file), "more than 1000000 tables");
            }
        }
    }

    /**
     * 900,000 tensors sharing one shape of a million dimensions and one name of a million characters:
     * checked once, not 10^12 times.
     */
    @Test
    void sharedVectorsAreCheckedOnce() {
        FlatBufferBuilder b = new FlatBufferBuilder(16 << 20);
        int[] dims = new int[1_000_000];
        Arrays.fill(dims, 1);
        int shape = Tensor.createShapeVector(b, dims);
        int name = b.createString("n".repeat(1_000_000));
        b.startTable(5);
        b.addOffset(0, shape, 0);
        b.addOffset(3, name, 0);
        int tensor = b.endTable();
        int n = 900_000;
        b.startVector(4, n, 4);
        for (int i = 0; i < n; i++) {
            b.addOffset(tensor);
        }
        int tensors = b.endVector();
        b.startTable(1);
        b.addOffset(0, tensors, 0);
        int sg = b.endTable();
        int subgraphs = b.createVectorOfTables(new int[] {sg});
        int buffers = b.createVectorOfTables(new int[] {table(b, 0)});
        b.startTable(5);
        b.addInt(0, 3, 0);
        b.addOffset(2, subgraphs, 0);
        b.addOffset(4, buffers, 0);
        b.finish(b.endTable(), TfliteSchema.IDENTIFIER);
        byte[] file = b.sizedByteArray();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> TfliteVerifier.verify(file, "m.tflite"));
    }

    // --- ModelBytes ---------------------------------------------------------------------------------

    @Test
    void modelBytesRefusesWhatIsNotARegularFileOfSaneSize(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.tflite");
        NoSuchFileException nsf = assertThrows(NoSuchFileException.class, () -> ModelBytes.read(missing));
        assertEquals(missing.toString(), nsf.getMessage());
        ModelFormatException d = assertThrows(ModelFormatException.class, () -> ModelBytes.read(dir));
        assertTrue(d.getMessage().startsWith(dir + " is a directory"), d.getMessage());
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            ModelFormatException z = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(ModelFormatException.class, () -> ModelBytes.read(zero)));
            assertTrue(z.getMessage().contains("/dev/zero is not a regular file"), z.getMessage());
        }
        Path file = dir.resolve("m.tflite");
        byte[] data = int8();
        Files.write(file, data);
        assertTrue(Arrays.equals(data, ModelBytes.read(file)));
        assertTrue(Arrays.equals(data, ModelBytes.read(file, data.length)));
        ModelFormatException big = assertThrows(ModelFormatException.class,
                () -> ModelBytes.read(file, data.length - 1));
        assertTrue(big.getMessage().startsWith(file + " is " + data.length + " bytes, over the " + (data.length - 1)
                + "-byte limit"), big.getMessage());
        String before = System.getProperty(ModelBytes.LIMIT_PROPERTY);
        try {
            System.setProperty(ModelBytes.LIMIT_PROPERTY, "100");
            ModelFormatException viaProperty = assertThrows(ModelFormatException.class, () -> ModelBytes.read(file));
            assertTrue(viaProperty.getMessage().contains("-Dtinyforge.maxModelBytes"), viaProperty.getMessage());
            System.setProperty(ModelBytes.LIMIT_PROPERTY, "lots");
            assertThrows(IllegalArgumentException.class, () -> ModelBytes.read(file));
        } finally {
            if (before == null) {
                System.clearProperty(ModelBytes.LIMIT_PROPERTY);
            } else {
                System.setProperty(ModelBytes.LIMIT_PROPERTY, before);
            }
        }
        assertEquals(ModelBytes.DEFAULT_LIMIT, ModelBytes.limit());
    }

    // --- the schema description against the generated 0.4.4 classes --------------------------------

    /**
     * Every field the generated 0.4.4 classes know sits at the same id in {@link TfliteSchema}: each
     * {@code addX} method is called on an empty table and the slot it fills is read back.
     */
    @Test
    void schemaIdsAgreeWithTheGeneratedClasses() throws Exception {
        int checked = 0;
        for (FlatBufferSchema.Table t : S.tables()) {
            Class<?> c;
            try {
                c = Class.forName("org.tensorflow.lite.schema." + t.name());
            } catch (ClassNotFoundException e) {
                continue;
            }
            for (Method m : c.getMethods()) {
                if (!Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("add")
                        || m.getParameterCount() != 2 || m.getParameterTypes()[0] != FlatBufferBuilder.class) {
                    continue;
                }
                String field = snake(m.getName().substring(3));
                Field f = t.field(field);
                assertEquals(f.id(), slotFilledBy(c, t.name(), m), t.name() + "." + field);
                Class<?> p = m.getParameterTypes()[1];
                if (f.kind() == Kind.SCALAR && (p == float.class || p == double.class)) {
                    assertEquals(p == float.class ? 4 : 8, f.size(), t.name() + "." + field);
                }
                checked++;
            }
        }
        assertTrue(checked > 200, "checked " + checked + " fields");
    }

    private static int slotFilledBy(Class<?> c, String table, Method add) throws Exception {
        FlatBufferBuilder fb = new FlatBufferBuilder();
        fb.forceDefaults(true);
        c.getMethod("start" + table, FlatBufferBuilder.class).invoke(null, fb);
        Class<?> p = add.getParameterTypes()[1];
        Object value = p == boolean.class ? (Object) true : p == byte.class ? (Object) (byte) 1
                : p == short.class ? (Object) (short) 1 : p == int.class ? (Object) 0 : p == long.class ? (Object) 1L
                : p == float.class ? (Object) 1f : (Object) 1d;
        add.invoke(null, fb, value);
        fb.finish(fb.endTable());
        ByteBuffer bb = fb.dataBuffer();
        int tablePos = bb.position() + bb.getInt(bb.position());
        int vtable = tablePos - bb.getInt(tablePos);
        int slots = (bb.getShort(vtable) - 4) / 2;
        for (int id = 0; id < slots; id++) {
            if (bb.getShort(vtable + 4 + 2 * id) != 0) {
                return id;
            }
        }
        return -1;
    }

    private static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch) && i > 0) {
                sb.append('_');
            }
            sb.append(Character.toLowerCase(ch));
        }
        return sb.toString();
    }

    /** Union members carry the same type codes as in the generated classes, where those know them. */
    @Test
    void unionCodesAgreeWithTheGeneratedClasses() {
        assertMembers("BuiltinOptions", BuiltinOptions.names);
        assertMembers("QuantizationDetails", QuantizationDetails.names);
        assertMembers("SparseIndexVector", SparseIndexVector.names);
    }

    private static void assertMembers(String union, String[] generated) {
        List<String> members = S.union(union).members();
        for (int code = 1; code < generated.length; code++) {
            assertEquals(generated[code], members.get(code - 1), union + " code " + code);
        }
        assertTrue(members.size() >= generated.length - 1, union);
    }

    @Test
    void everyTableIsReachableFromModel() {
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of("Model"));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            for (Field f : S.table(name).fields()) {
                if (f.kind() == Kind.TABLE || f.kind() == Kind.TABLE_VECTOR) {
                    todo.add(f.ref());
                } else if (f.kind() == Kind.UNION_VALUE) {
                    todo.addAll(S.union(f.ref()).members());
                }
            }
        }
        assertEquals(S.tables().size(), seen.size());
    }
}
