package dev.tinyforge.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.Add;
import dev.tinyforge.ops.AveragePool2d;
import dev.tinyforge.ops.BroadcastOp;
import dev.tinyforge.ops.Concatenation;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.Dequantize;
import dev.tinyforge.ops.FullyConnected;
import dev.tinyforge.ops.HardSwish;
import dev.tinyforge.ops.Logistic;
import dev.tinyforge.ops.MaxPool2d;
import dev.tinyforge.ops.Mean;
import dev.tinyforge.ops.Mul;
import dev.tinyforge.ops.Pad;
import dev.tinyforge.ops.Pool2d;
import dev.tinyforge.ops.Quantize;
import dev.tinyforge.ops.Relu6;
import dev.tinyforge.ops.Relu;
import dev.tinyforge.ops.Reshape;
import dev.tinyforge.ops.ResizeNearestNeighbor;
import dev.tinyforge.ops.Softmax;
import dev.tinyforge.ops.Transpose;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

class TfliteRoundTripTest {

    /** A float graph using every op that has attributes worth round-tripping. */
    static Graph floatGraph() {
        GraphBuilder b = new GraphBuilder("everything");
        b.input("x", new int[] {1, 8, 8, 4}, DType.FLOAT32, null);
        b.tensor(Tensor.constFloat("c/filter", new int[] {6, 3, 3, 4}, ramp(6 * 36)));
        b.tensor(Tensor.constFloat("c/bias", new int[] {6}, ramp(6)));
        b.add(Conv2d.OP, new Conv2d.Params(2, 1, 1, 2, Padding.SAME, Activation.RELU6),
                List.of("x", "c/filter", "c/bias"), "c");
        b.tensor(Tensor.constFloat("d/filter", new int[] {1, 3, 3, 12}, ramp(108)));
        b.tensor(Tensor.constFloat("d/bias", new int[] {12}, ramp(12)));
        b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(1, 1, 1, 1, Padding.VALID, 2, Activation.RELU),
                List.of("c", "d/filter", "d/bias"), "d");
        b.add(Pad.OP, new Pad.Params(new int[] {0, 0, 1, 1, 2, 0, 0, 0}), List.of("d"), "p");
        b.add(MaxPool2d.OP, new Pool2d.Params(2, 2, 2, 2, Padding.SAME, Activation.NONE), List.of("p"), "mp");
        b.add(AveragePool2d.OP, new Pool2d.Params(3, 3, 1, 1, Padding.SAME, Activation.NONE), List.of("mp"),
                "ap");
        b.add(ResizeNearestNeighbor.OP, new ResizeNearestNeighbor.Params(5, 7, false, true), List.of("ap"), "rs");
        b.add(Transpose.OP, new Transpose.Params(new int[] {0, 2, 1, 3}), List.of("rs"), "tr");
        b.add(HardSwish.OP, new OpParams.None(), List.of("tr"), "hs");
        b.add(Concatenation.OP, new Concatenation.Params(-1, Activation.NONE), List.of("tr", "hs"), "cat");
        b.add(Mean.OP, new Mean.Params(new int[] {1, 2}, true), List.of("cat"), "m");
        b.add(Logistic.OP, new OpParams.None(), List.of("m"), "g");
        b.add(Mul.OP, new BroadcastOp.Params(Activation.NONE), List.of("cat", "g"), "mul");
        b.add(Relu.OP, new OpParams.None(), List.of("mul"), "r");
        b.add(Relu6.OP, new OpParams.None(), List.of("mul"), "r6");
        b.add(Add.OP, new BroadcastOp.Params(Activation.RELU), List.of("r", "r6"), "sum");
        b.add(Reshape.OP, new Reshape.Params(new int[] {1, 7 * 5 * 24}), List.of("sum"), "flat");
        b.tensor(Tensor.constFloat("fc/weights", new int[] {3, 840}, ramp(3 * 840)));
        b.tensor(Tensor.constFloat("fc/bias", new int[] {3}, ramp(3)));
        b.add(FullyConnected.OP, new FullyConnected.Params(Activation.NONE),
                List.of("flat", "fc/weights", "fc/bias"), "fc");
        b.add(Softmax.OP, new Softmax.Params(0.5f), List.of("fc"), "out");
        b.output("out");
        b.metadata("arch", "test").metadata("odd", "a=b\nc\\d");
        return b.build();
    }

    /** An int8 graph with per-channel weights and float boundaries (QUANTIZE / DEQUANTIZE). */
    static Graph int8Graph() {
        GraphBuilder b = new GraphBuilder("int8");
        b.input("x", new int[] {1, 6, 6, 3}, DType.FLOAT32, null);
        b.tensor(Tensor.activation("xq", new int[] {1, 6, 6, 3}, DType.INT8, Quant.perTensor(0.02f, -3)));
        b.op(new dev.tinyforge.ir.Op(Quantize.OP, List.of("x"), List.of("xq"), new OpParams.None()));
        byte[] w = new byte[4 * 9 * 3];
        new SplittableRandom(1).nextBytes(w);
        for (int i = 0; i < w.length; i++) {
            w[i] = (byte) Math.max(-127, w[i]);
        }
        b.tensor(Tensor.constInt8("c/filter", new int[] {4, 3, 3, 3}, w,
                Quant.perChannel(new float[] {0.01f, 0.02f, 0.03f, 0.04f}, 0)));
        b.tensor(Tensor.constInt32("c/bias", new int[] {4}, new int[] {1, -2, 3, -4},
                Quant.perChannel(new float[] {0.0002f, 0.0004f, 0.0006f, 0.0008f}, 0)));
        b.tensor(Tensor.activation("c", new int[] {1, 6, 6, 4}, DType.INT8, Quant.perTensor(0.05f, -128)));
        b.op(new dev.tinyforge.ir.Op(Conv2d.OP, List.of("xq", "c/filter", "c/bias"), List.of("c"),
                new Conv2d.Params(1, 1, 1, 1, Padding.SAME, Activation.RELU)));
        b.tensor(Tensor.activation("y", new int[] {1, 6, 6, 4}, DType.FLOAT32, null));
        b.op(new dev.tinyforge.ir.Op(Dequantize.OP, List.of("c"), List.of("y"), new OpParams.None()));
        b.output("y");
        return b.build();
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 7 - 3) * 0.25f;
        }
        return v;
    }

    @Test
    void floatAndInt8GraphsRoundTripExactly() {
        for (Graph g : List.of(floatGraph(), int8Graph())) {
            byte[] bytes = TfliteWriter.write(g);
            assertTrue(Model.ModelBufferHasIdentifier(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)));
            assertEquals(3, Model.getRootAsModel(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)).version());
            assertArrayEquals(bytes, TfliteWriter.write(g), "writing twice must give the same bytes");
            Graph back = TfliteReader.read(bytes, "t.tflite");
            assertEquals(g.tensors(), back.tensors());
            assertEquals(g.ops(), back.ops());
            assertEquals(g.inputs(), back.inputs());
            assertEquals(g.outputs(), back.outputs());
            assertEquals(g.metadata(), back.metadata());
            assertArrayEquals(bytes, TfliteWriter.write(back), "export -> import -> export must be byte-identical");
        }
    }

    /**
     * TFLite's 16x8 mode: int16 activations and int64 biases are written with their type codes (7 and 4),
     * verified, read back and written again byte for byte; ops carry the converter's int16 versions; a
     * missing bias of an int16 layer becomes a zero int64 bias.
     */
    @Test
    void sixteenByEightGraphsRoundTripExactly() {
        Graph g = dev.tinyforge.quant.QuantizePass.quantize(floatGraph16x8(), java.util.Map.of("x",
                new dev.tinyforge.quant.Range(-1, 1), "c", new dev.tinyforge.quant.Range(0, 2), "p",
                new dev.tinyforge.quant.Range(0, 2), "f", new dev.tinyforge.quant.Range(0, 2), "fc",
                new dev.tinyforge.quant.Range(-3, 3), "out", new dev.tinyforge.quant.Range(0, 1)),
                dev.tinyforge.quant.QuantizeOptions.defaults().withFloatIo(true)
                        .withMode(dev.tinyforge.quant.QuantizeOptions.Mode.INT16X8));
        byte[] bytes = TfliteWriter.write(g);
        TfliteVerifier.verify(bytes, "16x8.tflite");
        Graph back = TfliteReader.read(bytes, "16x8.tflite");
        assertEquals(g.tensors(), back.tensors());
        assertEquals(g.ops(), back.ops());
        assertArrayEquals(bytes, TfliteWriter.write(back), "export -> import -> export must be byte-identical");
        ModelT m = Model.getRootAsModel(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)).unpack();
        java.util.Map<String, Integer> versions = new java.util.TreeMap<>();
        for (OperatorCodeT code : m.getOperatorCodes()) {
            versions.put(BuiltinOperator.name(code.getBuiltinCode()), code.getVersion());
        }
        assertEquals(java.util.Map.of("QUANTIZE", 2, "CONV_2D", 4, "AVERAGE_POOL_2D", 3, "RESHAPE", 1,
                "FULLY_CONNECTED", 7, "SOFTMAX", 3, "DEQUANTIZE", 3), versions);
        TensorT[] tensors = m.getSubgraphs()[0].getTensors();
        assertTrue(Arrays.stream(tensors).anyMatch(t -> t.getName().equals("c") && t.getType() == 7));
        assertTrue(Arrays.stream(tensors).anyMatch(t -> t.getName().equals("c/b") && t.getType() == 4));

        // TFLite 2.20 takes a FULLY_CONNECTED whose bias is -1 (a CONV_2D it refuses: KernelPrepareTest)
        int fc = 0;
        while (m.getOperatorCodes()[(int) m.getSubgraphs()[0].getOperators()[fc].getOpcodeIndex()].getBuiltinCode()
                != BuiltinOperator.FULLY_CONNECTED) {
            fc++;
        }
        OperatorT dense = m.getSubgraphs()[0].getOperators()[fc];
        int[] in = dense.getInputs();
        dense.setInputs(new int[] {in[0], in[1], -1});
        Graph noBias = TfliteReader.read(pack(m), "nobias16.tflite");
        Tensor bias = noBias.tensor(noBias.ops().get(fc).input(2));
        assertEquals(DType.INT64, bias.dtype());
        assertArrayEquals(new long[3], bias.int64s());
    }

    private static Graph floatGraph16x8() {
        GraphBuilder b = new GraphBuilder("sixteen");
        b.input("x", new int[] {1, 4, 4, 3}, DType.FLOAT32, null);
        b.tensor(Tensor.constFloat("c/w", new int[] {2, 3, 3, 3}, ramp(54)));
        b.tensor(Tensor.constFloat("c/b", new int[] {2}, ramp(2)));
        b.add(Conv2d.OP, new Conv2d.Params(1, 1, 1, 1, Padding.SAME, Activation.RELU), List.of("x", "c/w", "c/b"),
                "c");
        b.add(AveragePool2d.OP, new Pool2d.Params(2, 2, 2, 2, Padding.VALID, Activation.NONE), List.of("c"), "p");
        b.add(Reshape.OP, new Reshape.Params(new int[] {1, 8}), List.of("p"), "f");
        b.tensor(Tensor.constFloat("fc/w", new int[] {3, 8}, ramp(24)));
        b.tensor(Tensor.constFloat("fc/b", new int[] {3}, ramp(3)));
        b.add(FullyConnected.OP, new FullyConnected.Params(Activation.NONE), List.of("f", "fc/w", "fc/b"), "fc");
        b.add(Softmax.OP, new Softmax.Params(1f), List.of("fc"), "out");
        b.output("out");
        return b.build();
    }

    @Test
    void missingBiasOfAnInt8ConvolutionIsRefusedAsTfliteRefusesIt() {
        // TFLite 2.20's quantized CONV_2D: "has_bias was not true" (not listed), "Tensor at index 2 was optional
        // but was expected" (listed as -1); a float one without bias still gets a zero bias
        Graph g = int8Graph();
        for (boolean listed : new boolean[] {true, false}) {
            ModelT m = Model.getRootAsModel(ByteBuffer.wrap(TfliteWriter.write(g)).order(ByteOrder.LITTLE_ENDIAN))
                    .unpack();
            OperatorT conv = m.getSubgraphs()[0].getOperators()[1];
            int[] in = conv.getInputs();
            conv.setInputs(listed ? new int[] {in[0], in[1], -1} : new int[] {in[0], in[1]});
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> TfliteReader.read(pack(m), "nobias.tflite"));
            assertTrue(e.getMessage().startsWith("nobias.tflite: operator 1 (CONV_2D): no bias (input 2 "
                    + (listed ? "is -1" : "is not listed") + ")"), e.getMessage());
        }
    }

    private static byte[] pack(ModelT m) {
        FlatBufferBuilder fb = new FlatBufferBuilder();
        Model.finishModelBuffer(fb, Model.pack(fb, m));
        return fb.sizedByteArray();
    }

    @Test
    void emptyTruncatedAndGarbageFilesAreRefusedWithTheFileName() {
        byte[] good = TfliteWriter.write(floatGraph());
        byte[] garbage = new byte[1024];
        new SplittableRandom(7).nextBytes(garbage);
        byte[][] bad = {new byte[0], Arrays.copyOf(good, good.length / 2), Arrays.copyOf(good, 100), garbage};
        for (byte[] b : bad) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> TfliteReader.read(b, "bad.tflite"));
            assertTrue(e.getMessage().startsWith("bad.tflite: "), e.getMessage());
        }
        byte[] wrongId = good.clone();
        wrongId[4] = 'X';
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TfliteReader.read(wrongId, "id.tflite"));
        assertTrue(e.getMessage().contains("TFL3"), e.getMessage());
    }

    @Test
    void everyPrefixOfAValidFileIsRefusedCleanly() {
        byte[] good = TfliteWriter.write(int8Graph());
        for (int n = 0; n < good.length; n += 7) {
            int len = n;
            assertThrows(ModelFormatException.class, () -> TfliteReader.read(Arrays.copyOf(good, len), "p.tflite"),
                    "prefix of " + len + " bytes");
        }
    }

    /** A one-op model written directly with the schema classes. */
    private static byte[] singleOpModel(int builtin, String customCode) {
        ModelT m = new ModelT();
        m.setVersion(3);
        OperatorCodeT code = new OperatorCodeT();
        code.setBuiltinCode(builtin);
        code.setDeprecatedBuiltinCode((byte) Math.min(builtin, 127));
        code.setVersion(1);
        code.setCustomCode(customCode);
        m.setOperatorCodes(new OperatorCodeT[] {code});
        BufferT empty = new BufferT();
        empty.setData(new int[0]);
        m.setBuffers(new BufferT[] {empty});
        TensorT a = new TensorT();
        a.setName("a");
        a.setShape(new int[] {1, 4});
        TensorT b = new TensorT();
        b.setName("b");
        b.setShape(new int[] {1, 4});
        SubGraphT sg = new SubGraphT();
        sg.setTensors(new TensorT[] {a, b});
        sg.setInputs(new int[] {0});
        sg.setOutputs(new int[] {1});
        OperatorT op = new OperatorT();
        op.setOpcodeIndex(0);
        op.setInputs(new int[] {0});
        op.setOutputs(new int[] {1});
        sg.setOperators(new OperatorT[] {op});
        m.setSubgraphs(new SubGraphT[] {sg});
        return pack(m);
    }

    @Test
    void unsupportedOpIsNamedWithItsIndexAndTheSupportedList() {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> TfliteReader.read(singleOpModel(BuiltinOperator.TANH, null), "tanh.tflite"));
        assertTrue(e.getMessage().contains("operator 0 is TANH"), e.getMessage());
        assertTrue(e.getMessage().contains("CONV_2D"), e.getMessage());
        ModelFormatException custom = assertThrows(ModelFormatException.class,
                () -> TfliteReader.read(singleOpModel(BuiltinOperator.CUSTOM, "MyOp"), "custom.tflite"));
        assertTrue(custom.getMessage().contains("custom op 'MyOp'"), custom.getMessage());
        // and a supported op written the same way reads fine
        Graph relu = TfliteReader.read(singleOpModel(BuiltinOperator.RELU, null), "relu.tflite");
        assertEquals(Relu.OP, relu.ops().get(0).kind());
    }

    @Test
    void unsupportedActivationIsRefused() {
        ModelT m = Model.getRootAsModel(ByteBuffer.wrap(TfliteWriter.write(floatGraph())).order(ByteOrder.LITTLE_ENDIAN))
                .unpack();
        org.tensorflow.lite.schema.Conv2DOptionsT o = (org.tensorflow.lite.schema.Conv2DOptionsT) m.getSubgraphs()[0]
                .getOperators()[0].getBuiltinOptions().getValue();
        o.setFusedActivationFunction(org.tensorflow.lite.schema.ActivationFunctionType.TANH);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TfliteReader.read(pack(m), "act.tflite"));
        assertTrue(e.getMessage().contains("operator 0 (CONV_2D)") && e.getMessage().contains("TANH"), e.getMessage());
    }
}
