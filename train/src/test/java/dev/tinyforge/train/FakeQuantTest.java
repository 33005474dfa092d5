package dev.tinyforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.Add;
import dev.tinyforge.ops.BroadcastOp;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.FullyConnected;
import dev.tinyforge.ops.Reshape;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.quant.Calibrator;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.quant.Range;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fake quantization of quantization-aware training gives, on random tensors, the very integers
 * the quant module writes into the int8 model: weights per channel and per tensor (scales bit for
 * bit), activations with their zero point, values that fall exactly half-way between two integers
 * included (rounded away from zero, not to even as {@code torch.round} would), saturation included.
 */
class FakeQuantTest {

    /** Random values in [-a, a], with a share put exactly on the half-way points of {@code scale} where given. */
    private static float[] values(SplittableRandom rnd, int n, double a) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((rnd.nextDouble() * 2 - 1) * a);
        }
        return v;
    }

    /** Puts about a third of each channel's values on (k + 0.5) x that channel's int8 weight scale. */
    private static void halves(float[] w, int channels, boolean channelLast, SplittableRandom rnd) {
        int inner = w.length / channels;
        float[] maxAbs = new float[channels];
        for (int i = 0; i < w.length; i++) {
            int c = channelLast ? i % channels : i / inner;
            maxAbs[c] = Math.max(maxAbs[c], Math.abs(w[i]));
        }
        for (int i = 0; i < w.length; i++) {
            int c = channelLast ? i % channels : i / inner;
            float s = maxAbs[c] / 127f;
            if (rnd.nextInt(3) == 0 && Math.abs(w[i]) != maxAbs[c]) {
                int k = rnd.nextInt(-120, 120);
                w[i] = (k + 0.5f) * s;
            }
        }
    }

    private static int ties(float[] w, Quant q, int channels, boolean channelLast) {
        int inner = w.length / channels;
        int n = 0;
        for (int i = 0; i < w.length; i++) {
            float x = w[i] / q.scale(q.isPerChannel() ? (channelLast ? i % channels : i / inner) : 0);
            n += Math.abs(x - (float) Math.floor(x)) == 0.5f ? 1 : 0;
        }
        return n;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void weightsQuantizeToTheIntegersAndScalesQuantizePassWrites(boolean perChannelFc) {
        SplittableRandom rnd = new SplittableRandom(perChannelFc ? 11 : 12);
        GraphBuilder b = new GraphBuilder("weights");
        b.input("x", new int[] {1, 6, 5, 3}, DType.FLOAT32, null);
        float[] dw = values(rnd, 3 * 3 * 6, 0.8);
        halves(dw, 6, true, rnd);
        float[] conv = values(rnd, 5 * 3 * 3 * 6, 0.3);
        for (int i = 0; i < 3 * 3 * 6; i++) {
            conv[2 * 3 * 3 * 6 + i] = 0; // an all-zero output channel: scale 1/127
        }
        halves(conv, 5, false, rnd);
        float[] fc = values(rnd, 4 * 150, 0.05);
        halves(fc, perChannelFc ? 4 : 1, false, rnd);
        b.tensor(Tensor.constFloat("dw/w", new int[] {1, 3, 3, 6}, dw));
        b.tensor(Tensor.constFloat("dw/b", new int[] {6}, values(rnd, 6, 0.1)));
        b.tensor(Tensor.constFloat("conv/w", new int[] {5, 3, 3, 6}, conv));
        b.tensor(Tensor.constFloat("conv/b", new int[] {5}, values(rnd, 5, 0.1)));
        b.tensor(Tensor.constFloat("fc/w", new int[] {4, 150}, fc));
        b.tensor(Tensor.constFloat("fc/b", new int[] {4}, values(rnd, 4, 0.1)));
        b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(1, 1, 1, 1, Padding.SAME, 2, Activation.RELU),
                List.of("x", "dw/w", "dw/b"), "dw");
        b.add(Conv2d.OP, new Conv2d.Params(1, 1, 1, 1, Padding.SAME, Activation.NONE),
                List.of("dw", "conv/w", "conv/b"), "conv");
        b.add(Reshape.OP, new Reshape.Params(new int[] {1, 150}), List.of("conv"), "flat");
        b.add(FullyConnected.OP, new FullyConnected.Params(Activation.NONE), List.of("flat", "fc/w", "fc/b"), "fc");
        b.outputs(List.of("fc"));
        Graph g = b.build();
        Calibrator cal = new Calibrator();
        cal.observe(new FloatExecutor(g).runAll(List.of(values(rnd, 90, 1))));
        Graph int8 = QuantizePass.quantize(g, cal.ranges(),
                QuantizeOptions.defaults().withPerChannelFullyConnected(perChannelFc));

        int tied = 0;
        tied += check(g, int8, "dw/w", WeightLayout.DEPTHWISE, true, 6, true);
        tied += check(g, int8, "conv/w", WeightLayout.CONV, true, 5, false);
        tied += check(g, int8, "fc/w", WeightLayout.AS_IS, perChannelFc, perChannelFc ? 4 : 1, false);
        assertTrue(tied > 100, "only " + tied + " weights fell on a half: the tie-breaking is not exercised");
    }

    /** Compares one weight tensor; returns how many of its values were exact halves. */
    private static int check(Graph g, Graph int8, String name, WeightLayout layout, boolean perChannel, int channels,
            boolean channelLast) {
        Tensor ir = g.tensor(name);
        Tensor q = int8.tensor(name);
        try (PointerScope scope = new PointerScope()) {
            org.bytedeco.pytorch.Tensor w = layout.toTorch(TorchTensors.of(ir.floats(), ir.shape()));
            org.bytedeco.pytorch.Tensor scales = FakeQuant.weightScales(w, perChannel);
            float[] ints = TorchTensors.floats(layout.toIr(FakeQuant.quantizeWeights(w, scales)));
            byte[] expected = q.int8s();
            assertEquals(expected.length, ints.length, name);
            for (int i = 0; i < ints.length; i++) {
                assertEquals(expected[i], (int) ints[i], name + " value " + i + " (" + ir.floats()[i] + ")");
            }
            assertArrayEquals(q.quant().scales(), TorchTensors.floats(scales), name + " scales");
            float[] fake = TorchTensors.floats(layout.toIr(FakeQuant.weights(w, perChannel)));
            for (int i = 0; i < fake.length; i++) {
                float s = q.quant().scale(perChannel ? (channelLast ? i % channels : i / (fake.length / channels)) : 0);
                assertEquals(expected[i] * s, fake[i], Math.ulp(Math.abs(ir.floats()[i])) * 2 + Math.ulp(127 * s),
                        name + " fake value " + i);
            }
        }
        return ties(ir.floats(), q.quant(), channels, channelLast);
    }

    @Test
    void activationsQuantizeToTheIntegersQuantizePassWrites() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int trial = 0; trial < 20; trial++) {
            float lo = (float) (-rnd.nextDouble() * 3);
            float hi = (float) (rnd.nextDouble() * 5 + 0.01);
            float scale = QuantizePass.activationQuant(new Range(lo, hi)).scale();
            int zp = QuantizePass.activationQuant(new Range(lo, hi)).zeroPoint();
            float[] c = new float[600];
            for (int i = 0; i < c.length; i++) {
                c[i] = rnd.nextInt(4) == 0 ? (rnd.nextInt(-128, 127) - zp + 0.5f) * scale
                        : (float) (lo + rnd.nextDouble() * (hi - lo));
            }
            c[0] = lo;
            c[1] = hi;
            GraphBuilder b = new GraphBuilder("act");
            b.input("x", new int[] {1, 600}, DType.FLOAT32, null);
            b.tensor(Tensor.constFloat("c", new int[] {1, 600}, c));
            b.add(Add.OP, new BroadcastOp.Params(Activation.NONE), List.of("x", "c"), "y");
            b.outputs(List.of("y"));
            Graph g = b.build();
            Calibrator cal = new Calibrator();
            cal.observe(new FloatExecutor(g).runAll(List.of(values(rnd, 600, 1))));
            Tensor q = QuantizePass.quantize(g, cal.ranges(), QuantizeOptions.defaults()).tensor("c");
            try (PointerScope scope = new PointerScope()) {
                float[] ints = TorchTensors.floats(FakeQuant.quantizeActivation(TorchTensors.of(c, 1, 600), q.quant()));
                byte[] expected = q.int8s();
                for (int i = 0; i < c.length; i++) {
                    assertEquals(expected[i], (int) ints[i], "trial " + trial + " value " + i + " (" + c[i] + ")");
                }
            }
        }
    }

    @Test
    void activationsOutsideTheRangeSaturateAsTheQuantizerDoes() {
        SplittableRandom rnd = new SplittableRandom(8);
        Quant q = QuantizePass.activationQuant(new Range(-0.7f, 1.9f));
        float[] x = values(rnd, 1000, 4);
        try (PointerScope scope = new PointerScope()) {
            float[] ints = TorchTensors.floats(FakeQuant.quantizeActivation(TorchTensors.of(x, 1000), q));
            int saturated = 0;
            for (int i = 0; i < x.length; i++) {
                long e = Math.max(-128, Math.min(127, QuantizePass.round(x[i] / q.scale()) + q.zeroPoint()));
                assertEquals(e, (long) ints[i], "value " + x[i]);
                saturated += e == -128 || e == 127 ? 1 : 0;
            }
            assertTrue(saturated > 100, "saturation exercised " + saturated + " times");
        }
    }

    @Test
    void gradientsPassStraightThroughWeightsAndInsideTheActivationRange() {
        Quant q = QuantizePass.activationQuant(new Range(-1f, 1f));
        float[] x = {-3f, -0.5f, 0.2f, 0.99f, 2.5f};
        try (PointerScope scope = new PointerScope()) {
            org.bytedeco.pytorch.Tensor t = TorchTensors.of(x, 5);
            t.requires_grad_(true);
            FakeQuant.activation(t, q).sum().backward();
            assertArrayEquals(new float[] {0, 1, 1, 1, 0}, TorchTensors.floats(t.grad()));
            org.bytedeco.pytorch.Tensor w = TorchTensors.of(new float[] {0.3f, -0.01f, 0.17f, 0f}, 2, 2);
            w.requires_grad_(true);
            FakeQuant.weights(w, true).mul(TorchTensors.of(new float[] {1, 2, 3, 4}, 2, 2)).sum().backward();
            assertArrayEquals(new float[] {1, 2, 3, 4}, TorchTensors.floats(w.grad()));
        }
    }
}
