package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.Add;
import dev.tinyforge.ops.AveragePool2d;
import dev.tinyforge.ops.BroadcastOp;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.Dequantize;
import dev.tinyforge.ops.FullyConnected;
import dev.tinyforge.ops.HardSwish;
import dev.tinyforge.ops.Logistic;
import dev.tinyforge.ops.MaxPool2d;
import dev.tinyforge.ops.Pad;
import dev.tinyforge.ops.Mean;
import dev.tinyforge.ops.Pool2d;
import dev.tinyforge.ops.Quantize;
import dev.tinyforge.ops.Relu;
import dev.tinyforge.ops.Reshape;
import dev.tinyforge.ops.ResizeNearestNeighbor;
import dev.tinyforge.ops.Softmax;
import dev.tinyforge.ops.Transpose;
import dev.tinyforge.runtime.host.HostRunner;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.TfliteWriter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code .tflite} files the zoo and the quantization pass do not produce: int8 graphs written by hand
 * with unusual but legal quantization (extreme input zero points, per-tensor conv, depthwise and FC
 * weights, VALID padding, standalone activations that change scale, int8-to-int8 QUANTIZE, float
 * input and output through QUANTIZE/DEQUANTIZE), and a 16x8 graph (int16 activations) with the
 * conversions the quantization pass never writes. Each file is loaded from its bytes by both
 * backends, as a user's file would be, and must give TFLite's bytes on {@value #INPUTS} inputs.
 */
class ForeignModelTest {
    static final int INPUTS = 20;

    enum Model {
        /** Input zero point 127, per-tensor weights everywhere, VALID padding, a chain of requantizing ops. */
        EXTREME_ZERO_POINT(ForeignModelTest::extremeZeroPoint),
        /** Input zero point -128 (a uint8 model's int8 twin), broadcast ADD, MAX_POOL, SOFTMAX. */
        UINT8_STYLE(ForeignModelTest::uint8Style),
        /** Float input and output: QUANTIZE at the start, DEQUANTIZE at the end. */
        FLOAT_IO(ForeignModelTest::floatIo),
        /**
         * Tensor names that clash once made C identifiers ({@code a/b} and {@code a_b}; {@code k;x} and
         * {@code k;y}) or take the generated code's own names ({@code arena}, {@code invoke},
         * {@code model_inputs}).
         */
        CLASHING_NAMES(ForeignModelTest::clashingNames),
        /**
         * 16x8: int16 input, per-tensor conv, depthwise and FC weights with int64 biases, int16 to int16 and
         * int16 to int8 QUANTIZE, an int8 output.
         */
        SIXTEEN_BY_EIGHT(ForeignModelTest::sixteenByEight);

        final Function<SplittableRandom, Graph> build;

        Model(Function<SplittableRandom, Graph> build) {
            this.build = build;
        }
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void nativeBackendGivesTflitesBytes(Model model) {
        SplittableRandom rnd = new SplittableRandom(model.ordinal() * 7919L + 3);
        byte[] file = TfliteWriter.write(model.build.apply(rnd));
        String source = model.name().toLowerCase() + ".tflite";
        try (Runner ref = new TfliteRunner(file, source, RunnerOptions.reference());
                Runner nat = HostRunner.open(file, source)) {
            assertEquals(ref.inputs(), nat.inputs());
            assertEquals(ref.outputs().get(0).dtype(), nat.outputs().get(0).dtype());
            long compared = 0;
            for (int k = 0; k < INPUTS; k++) {
                TensorInfo in = ref.inputs().get(0);
                byte[] x = new byte[(int) in.sizeBytes()];
                if (in.dtype() == DType.FLOAT32) {
                    float[] f = new float[(int) in.elements()];
                    for (int i = 0; i < f.length; i++) {
                        f[i] = (float) rnd.nextDouble(-6, 6);
                    }
                    x = ModelIo.floats(f);
                } else {
                    rnd.nextBytes(x);
                }
                byte[] expected = ref.run(x);
                assertArrayEquals(expected, nat.run(x), model + " input " + k);
                compared += expected.length;
            }
            System.out.printf("%s: %d inputs, %d output bytes, 0 differ%n", model, INPUTS, compared);
        }
    }

    private static Graph extremeZeroPoint(SplittableRandom rnd) {
        GraphBuilder b = new GraphBuilder("extreme_zero_point");
        b.input("x", new int[] {1, 12, 11, 3}, DType.INT8, Quant.perTensor(0.05f, 127));
        conv(b, rnd, "conv", "x", 5, 3, 2, Padding.VALID, Activation.NONE, false, 0.11f, -100);
        unary(b, Relu.OP, new OpParams.None(), "conv", "relu", 0.07f, -128);
        unary(b, ResizeNearestNeighbor.OP, new ResizeNearestNeighbor.Params(9, 7, false, true), "relu", "resize",
                0.07f, -128);
        unary(b, Transpose.OP, new Transpose.Params(new int[] {0, 2, 1, 3}), "resize", "transpose", 0.07f,
                -128);
        Tensor x = b.tensor("transpose");
        b.tensor(int8Weights(rnd, "dw/w", Quant.perTensor(0.013f, 0), 1, 3, 3, x.dim(3) * 2));
        b.tensor(bias(rnd, "dw/b", 0.07f * 0.013f, x.dim(3) * 2));
        b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(1, 1, 1, 1, Padding.VALID, 2, Activation.RELU6),
                List.of("transpose", "dw/w", "dw/b"), "dw");
        quant(b, "dw", 0.03f, -90);
        unary(b, HardSwish.OP, new OpParams.None(), "dw", "hswish", 0.025f, -40);
        unary(b, Quantize.OP, new OpParams.None(), "hswish", "requant", 0.05f, 5);
        unary(b, Reshape.OP, new Reshape.Params(new int[] {1, (int) b.tensor("requant").elements()}), "requant",
                "flat", 0.05f, 5);
        int cin = b.tensor("flat").dim(1);
        b.tensor(int8Weights(rnd, "fc/w", Quant.perTensor(0.004f, 0), 10, cin));
        b.tensor(bias(rnd, "fc/b", 0.05f * 0.004f, 10));
        b.add(FullyConnected.OP, new FullyConnected.Params(Activation.NONE), List.of("flat", "fc/w", "fc/b"),
                "logits");
        quant(b, "logits", 0.2f, 3);
        return b.output("logits").build();
    }

    private static Graph uint8Style(SplittableRandom rnd) {
        GraphBuilder b = new GraphBuilder("uint8_style");
        b.input("x", new int[] {1, 10, 10, 4}, DType.INT8, Quant.perTensor(1f / 255, -128));
        conv(b, rnd, "a", "x", 6, 3, 1, Padding.SAME, Activation.RELU, true, 0.04f, -128);
        unary(b, AveragePool2d.OP, new Pool2d.Params(10, 10, 1, 1, Padding.VALID, Activation.NONE), "a",
                "pooled", 0.04f, -128);
        conv(b, rnd, "gate", "pooled", 6, 1, 1, Padding.VALID, Activation.NONE, true, 0.09f, 11);
        b.add(Add.OP, new BroadcastOp.Params(Activation.NONE), List.of("a", "gate"), "sum");
        quant(b, "sum", 0.06f, -30);
        unary(b, MaxPool2d.OP, new Pool2d.Params(3, 3, 2, 2, Padding.SAME, Activation.NONE), "sum", "max",
                0.06f, -30);
        unary(b, Reshape.OP, new Reshape.Params(new int[] {1, (int) b.tensor("max").elements()}), "max", "flat",
                0.06f, -30);
        unary(b, Softmax.OP, new Softmax.Params(1f), "flat", "probs", 1f / 256, -128);
        return b.output("probs").build();
    }

    private static Graph floatIo(SplittableRandom rnd) {
        GraphBuilder b = new GraphBuilder("float_io");
        b.input("x", new int[] {1, 8, 8, 3}, DType.FLOAT32, null);
        unary(b, Quantize.OP, new OpParams.None(), "x", "xq", 0.047f, -3);
        conv(b, rnd, "conv", "xq", 8, 1, 1, Padding.SAME, Activation.RELU6, true, 6f / 255, -128);
        unary(b, Mean.OP, new Mean.Params(new int[] {1, 2}, false), "conv", "mean", 0.012f, -77);
        unary(b, Logistic.OP, new OpParams.None(), "mean", "prob", 1f / 256, -128);
        b.add(Dequantize.OP, new OpParams.None(), List.of("prob"), "y");
        return b.output("y").build();
    }

    private static Graph clashingNames(SplittableRandom rnd) {
        GraphBuilder b = new GraphBuilder("clashing_names");
        b.input("x", new int[] {1, 6, 6, 3}, DType.INT8, Quant.perTensor(0.05f, -10));
        conv(b, rnd, "a/b", "x", 4, 3, 1, Padding.SAME, Activation.NONE, true, 0.06f, 2);
        unary(b, Relu.OP, new OpParams.None(), "a/b", "a_b", 0.03f, -128);
        unary(b, Pad.OP, new Pad.Params(new int[] {0, 0, 1, 0, 0, 1, 0, 0}), "a_b", "k;x", 0.03f, -128);
        unary(b, Pad.OP, new Pad.Params(new int[] {0, 0, 0, 1, 1, 0, 0, 0}), "k;x", "k;y", 0.03f, -128);
        Tensor x = b.tensor("k;y");
        b.tensor(int8Weights(rnd, "arena", Quant.perTensor(0.01f, 0), 3, 1, 1,
                x.dim(3)));
        b.tensor(bias(rnd, "invoke", 0.03f * 0.01f, 3));
        b.add(Conv2d.OP, new Conv2d.Params(1, 1, 1, 1, Padding.VALID, Activation.NONE),
                List.of("k;y", "arena", "invoke"), "model_inputs");
        quant(b, "model_inputs", 0.05f, 0);
        return b.output("model_inputs").build();
    }

    private static Graph sixteenByEight(SplittableRandom rnd) {
        GraphBuilder b = new GraphBuilder("sixteen_by_eight");
        b.input("x", new int[] {1, 9, 7, 3}, DType.INT16, Quant.perTensor(0.0004f, 0));
        b.tensor(int8Weights(rnd, "conv/w", Quant.perTensor(0.01f, 0), 5, 3, 3, 3));
        b.tensor(bias64(rnd, "conv/b", 0.0004f * 0.01f, 5));
        b.add(Conv2d.OP, new Conv2d.Params(2, 1, 1, 1, Padding.SAME, Activation.RELU), List.of("x", "conv/w",
                "conv/b"), "conv");
        quant16(b, "conv", 0.003f);
        b.add(Quantize.OP, new OpParams.None(), List.of("conv"), "requant");
        quant16(b, "requant", 0.0047f);
        b.tensor(int8Weights(rnd, "dw/w", Quant.perTensor(0.02f, 0), 1, 3, 3, 5));
        b.tensor(bias64(rnd, "dw/b", 0.0047f * 0.02f, 5));
        b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(1, 1, 1, 1, Padding.VALID, 1, Activation.RELU6),
                List.of("requant", "dw/w", "dw/b"), "dw");
        quant16(b, "dw", 0.004f);
        b.add(MaxPool2d.OP, new Pool2d.Params(2, 2, 2, 2, Padding.SAME, Activation.NONE), List.of("dw"), "max");
        quant16(b, "max", 0.004f);
        b.add(Reshape.OP, new Reshape.Params(new int[] {1, (int) b.tensor("max").elements()}), List.of("max"), "flat");
        quant16(b, "flat", 0.004f);
        int cin = b.tensor("flat").dim(1);
        b.tensor(int8Weights(rnd, "fc/w", Quant.perTensor(0.006f, 0), 7, cin));
        b.tensor(bias64(rnd, "fc/b", 0.004f * 0.006f, 7));
        b.add(FullyConnected.OP, new FullyConnected.Params(Activation.NONE), List.of("flat", "fc/w", "fc/b"),
                "logits");
        quant16(b, "logits", 0.0021f);
        b.add(Quantize.OP, new OpParams.None(), List.of("logits"), "y");
        quant(b, "y", 0.25f, 7);
        return b.output("y").build();
    }

    private static void quant16(GraphBuilder b, String name, float scale) {
        b.tensor(b.tensor(name).withQuant(DType.INT16, Quant.perTensor(scale, 0)));
    }

    private static Tensor bias64(SplittableRandom rnd, String name, float scale, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextLong(-300_000, 300_000);
        }
        return Tensor.constInt64(name, new int[] {n}, v, Quant.perTensor(scale, 0));
    }

    private static void conv(GraphBuilder b, SplittableRandom rnd, String name, String input, int cout, int k,
            int stride, Padding padding, Activation act, boolean perChannel, float outScale, int outZeroPoint) {
        Tensor x = b.tensor(input);
        float[] scales = new float[perChannel ? cout : 1];
        for (int c = 0; c < scales.length; c++) {
            scales[c] = (float) rnd.nextDouble(0.002, 0.02);
        }
        Quant wq = perChannel ? Quant.perChannel(scales, 0) : Quant.perTensor(scales[0], 0);
        b.tensor(int8Weights(rnd, name + "/w", wq, cout, k, k, x.dim(3)));
        float[] biasScales = new float[scales.length];
        for (int c = 0; c < scales.length; c++) {
            biasScales[c] = x.quant().scale() * scales[c];
        }
        int[] bias = new int[cout];
        for (int c = 0; c < cout; c++) {
            bias[c] = rnd.nextInt(-3000, 3000);
        }
        b.tensor(Tensor.constInt32(name + "/b", new int[] {cout}, bias,
                perChannel ? Quant.perChannel(biasScales, 0) : Quant.perTensor(biasScales[0], 0)));
        b.add(Conv2d.OP, new Conv2d.Params(stride, stride, 1, 1, padding, act),
                List.of(input, name + "/w", name + "/b"), name);
        quant(b, name, outScale, outZeroPoint);
    }

    private static void unary(GraphBuilder b, OpType kind, OpParams params, String input, String output, float scale,
            int zeroPoint) {
        b.add(kind, params, List.of(input), output);
        quant(b, output, scale, zeroPoint);
    }

    private static void quant(GraphBuilder b, String name, float scale, int zeroPoint) {
        b.tensor(b.tensor(name).withQuant(DType.INT8, Quant.perTensor(scale, zeroPoint)));
    }

    private static Tensor int8Weights(SplittableRandom rnd, String name, Quant q, int... shape) {
        byte[] v = new byte[(int) Tensor.elements(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) rnd.nextInt(-127, 128);
        }
        return Tensor.constInt8(name, shape, v, q);
    }

    private static Tensor bias(SplittableRandom rnd, String name, float scale, int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(-3000, 3000);
        }
        return Tensor.constInt32(name, new int[] {n}, v, Quant.perTensor(scale, 0));
    }
}
