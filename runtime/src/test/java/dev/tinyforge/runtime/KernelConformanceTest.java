package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.OpKind;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.quant.Calibrator;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.runtime.host.HostRunner;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.TfliteWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Randomized single-op models, generated C versus TFLite's built-in kernels, tolerance 0: for each
 * op family the C kernels cover, 1000 seeded configurations (fewer with
 * {@code -Dtinyforge.kernelConfigs=N} while developing) (shapes, strides, padding,
 * dilation, depth multipliers, zero points, activation ranges, odd channel counts, 1×1 and 1×N
 * kernels), each run on {@value #INPUTS} random inputs.
 */
class KernelConformanceTest {
    static final int CONFIGS = Integer.getInteger("tinyforge.kernelConfigs", 1000);
    static final int INPUTS = 2;

    enum Family {
        CONV_2D(KernelConformanceTest::conv),
        DEPTHWISE_CONV_2D(KernelConformanceTest::depthwise),
        FULLY_CONNECTED(KernelConformanceTest::fullyConnected),
        ADD(KernelConformanceTest::add),
        AVERAGE_POOL_2D((b, r) -> pool(b, r, OpKind.AVERAGE_POOL_2D)),
        MAX_POOL_2D((b, r) -> pool(b, r, OpKind.MAX_POOL_2D)),
        PAD(KernelConformanceTest::pad),
        CONCATENATION(KernelConformanceTest::concat),
        MEAN((b, r) -> b.add(OpKind.MEAN, new OpParams.Mean(r.nextBoolean() ? new int[] {1, 2} : new int[] {2, 1},
                r.nextBoolean()), List.of("x"), "y").name()),
        MUL(KernelConformanceTest::mul),
        LOGISTIC((b, r) -> b.add(OpKind.LOGISTIC, new OpParams.None(), List.of("x"), "y").name()),
        SOFTMAX((b, r) -> {
            b.add(OpKind.RESHAPE, new OpParams.Reshape(new int[] {(int) b.tensor("x").elements() / b.tensor("x").dim(3),
                b.tensor("x").dim(3)}), List.of("x"), "rows");
            return b.add(OpKind.SOFTMAX, new OpParams.Softmax(r.nextBoolean() ? 1f : (float) r.nextDouble(0.2, 3)),
                    List.of("rows"), "y").name();
        }),
        RESHAPE((b, r) -> b.add(OpKind.RESHAPE, new OpParams.Reshape(new int[] {1, (int) b.tensor("x").elements()}),
                List.of("x"), "y").name()),
        RELU((b, r) -> b.add(OpKind.RELU, new OpParams.None(), List.of("x"), "y").name()),
        RELU6((b, r) -> b.add(OpKind.RELU6, new OpParams.None(), List.of("x"), "y").name()),
        HARD_SWISH((b, r) -> b.add(OpKind.HARD_SWISH, new OpParams.None(), List.of("x"), "y").name()),
        TRANSPOSE(KernelConformanceTest::transpose),
        RESIZE_NEAREST_NEIGHBOR(KernelConformanceTest::resize),
        /** QUANTIZE and DEQUANTIZE: a float-input, float-output model around a random op of another family. */
        FLOAT_IO(KernelConformanceTest::floatIoBody, true);

        final BiFunction<GraphBuilder, SplittableRandom, String> body;
        final boolean floatIo;

        Family(BiFunction<GraphBuilder, SplittableRandom, String> body) {
            this(body, false);
        }

        Family(BiFunction<GraphBuilder, SplittableRandom, String> body, boolean floatIo) {
            this.body = body;
            this.floatIo = floatIo;
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void generatedCMatchesTfliteBitForBit(Family family) {
        SplittableRandom rnd = new SplittableRandom(family.ordinal() * 1_000_003L + 17);
        List<Graph> graphs = new ArrayList<>();
        List<List<float[]>> inputs = new ArrayList<>();
        for (int i = 0; i < CONFIGS; i++) {
            Graph g = randomGraph(family, rnd, i);
            FloatExecutor exec = new FloatExecutor(g);
            float lo = (float) rnd.nextDouble(-4, 1);
            float hi = lo + (float) rnd.nextDouble(0.5, 6);
            Calibrator cal = new Calibrator();
            List<float[]> xs = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                float[] x = new float[(int) g.input(0).elements()];
                for (int j = 0; j < x.length; j++) {
                    x[j] = (float) rnd.nextDouble(lo, hi);
                }
                cal.observe(exec.runAll(List.of(x)));
                xs.add(x);
            }
            graphs.add(QuantizePass.quantize(g, cal.ranges(), QuantizeOptions.defaults()
                    .withPerChannelFullyConnected(rnd.nextBoolean()).withFloatIo(family.floatIo)));
            inputs.add(xs);
        }
        List<HostRunner> natives = HostRunner.compileAll(graphs, family.name());
        long compared = 0;
        for (int i = 0; i < graphs.size(); i++) {
            Graph q = graphs.get(i);
            try (Runner ref = new TfliteRunner(TfliteWriter.write(q), family + " #" + i, RunnerOptions.reference())) {
                for (int k = 0; k < INPUTS; k++) {
                    byte[] x = new byte[(int) q.input(0).elements()];
                    if (family.floatIo) {
                        x = ModelIo.floats(k == 0 ? inputs.get(i).get(0) : floatProbe(q, rnd));
                    } else if (k == 0) {
                        x = ModelIo.quantize(inputs.get(i).get(0), q.input(0).quant());
                    } else {
                        rnd.nextBytes(x);
                    }
                    byte[] expected = ref.run(x);
                    byte[] actual = natives.get(i).run(x);
                    if (!Arrays.equals(expected, actual)) {
                        int diff = 0;
                        for (int j = 0; j < expected.length; j++) {
                            diff += expected[j] != actual[j] ? 1 : 0;
                        }
                        throw new AssertionError(family + " config " + i + " input " + k + ": " + diff + " of "
                                + expected.length + " bytes differ; graph " + describe(q));
                    }
                    compared += expected.length;
                }
            }
        }
        assertEquals(CONFIGS, graphs.size());
        assertTrue(compared > CONFIGS);
        System.out.printf("%s: %d configurations, %d inputs each, %d output bytes, 0 differ%n", family, CONFIGS,
                INPUTS, compared);
    }

    /**
     * Float inputs for QUANTIZE's rounding: exact half-steps of the input scale (ties), values just
     * beside them, and values far outside the int8 range (saturation).
     */
    private static float[] floatProbe(Graph q, SplittableRandom rnd) {
        float scale = q.tensor(q.consumers(q.input(0).name()).get(0).output()).quant().scale();
        float[] x = new float[(int) q.input(0).elements()];
        for (int j = 0; j < x.length; j++) {
            float tie = scale * ((rnd.nextInt(600) - 300) / 2f);
            x[j] = switch (rnd.nextInt(4)) {
                case 0 -> tie;
                case 1 -> Math.nextUp(tie);
                case 2 -> Math.nextDown(tie);
                default -> (float) rnd.nextDouble(-200, 200) * scale;
            };
        }
        return x;
    }

    private static String describe(Graph g) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : g.tensors()) {
            sb.append(t).append("; ");
        }
        return sb + " ops " + g.ops();
    }

    static Graph randomGraph(Family family, SplittableRandom rnd, int index) {
        GraphBuilder b = new GraphBuilder(family.name().toLowerCase() + index);
        int h = 1 + rnd.nextInt(9);
        int w = 1 + rnd.nextInt(9);
        int c = 1 + rnd.nextInt(12);
        b.input("x", new int[] {1, h, w, c}, DType.FLOAT32, null);
        b.output(family.body.apply(b, rnd));
        return b.build();
    }

    private static Activation activation(SplittableRandom rnd) {
        return Activation.values()[rnd.nextInt(3)];
    }

    private static Padding padding(SplittableRandom rnd) {
        return rnd.nextBoolean() ? Padding.SAME : Padding.VALID;
    }

    private static void weights(GraphBuilder b, SplittableRandom rnd, String name, int... shape) {
        float[] v = new float[(int) Tensor.elements(shape)];
        double scale = rnd.nextDouble(0.05, 2);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextDouble(-1, 1) * scale);
        }
        b.tensor(Tensor.constFloat(name, shape, v));
    }

    /** Kernel size that fits a VALID window of the given input length, stride and dilation. */
    private static int kernel(SplittableRandom rnd, int in, int dilation, Padding padding) {
        int max = padding == Padding.VALID ? (in - 1) / dilation + 1 : 5;
        return 1 + rnd.nextInt(Math.max(1, Math.min(max, 5)));
    }

    private static String conv(GraphBuilder b, SplittableRandom rnd) {
        Tensor x = b.tensor("x");
        Padding p = padding(rnd);
        int dh = rnd.nextInt(4) == 0 ? 2 : 1;
        int dw = rnd.nextInt(4) == 0 ? 2 : 1;
        int kh = kernel(rnd, x.dim(1), dh, p);
        int kw = rnd.nextInt(4) == 0 ? 1 : kernel(rnd, x.dim(2), dw, p);
        int cin = x.dim(3);
        int groups = 1; // grouped convolution is refused by the C backend (see CEmitterTest)
        int cout = groups * (1 + rnd.nextInt(8));
        weights(b, rnd, "w", cout, kh, kw, cin / groups);
        weights(b, rnd, "bias", cout);
        return b.add(OpKind.CONV_2D, new OpParams.Conv2d(1 + rnd.nextInt(2), 1 + rnd.nextInt(2), dh, dw, p,
                activation(rnd)), List.of("x", "w", "bias"), "y").name();
    }

    private static String depthwise(GraphBuilder b, SplittableRandom rnd) {
        Tensor x = b.tensor("x");
        Padding p = padding(rnd);
        int dh = rnd.nextInt(4) == 0 ? 2 : 1;
        int dw = rnd.nextInt(4) == 0 ? 2 : 1;
        int kh = kernel(rnd, x.dim(1), dh, p);
        int kw = kernel(rnd, x.dim(2), dw, p);
        int m = rnd.nextInt(3) == 0 ? 2 : 1;
        weights(b, rnd, "w", 1, kh, kw, x.dim(3) * m);
        weights(b, rnd, "bias", x.dim(3) * m);
        return b.add(OpKind.DEPTHWISE_CONV_2D, new OpParams.DepthwiseConv2d(1 + rnd.nextInt(2), 1 + rnd.nextInt(2),
                dh, dw, p, m, activation(rnd)), List.of("x", "w", "bias"), "y").name();
    }

    private static String fullyConnected(GraphBuilder b, SplittableRandom rnd) {
        int cin = (int) b.tensor("x").elements();
        int cout = 1 + rnd.nextInt(12);
        weights(b, rnd, "w", cout, cin);
        weights(b, rnd, "bias", cout);
        return b.add(OpKind.FULLY_CONNECTED, new OpParams.FullyConnected(activation(rnd)), List.of("x", "w", "bias"),
                "y").name();
    }

    private static String add(GraphBuilder b, SplittableRandom rnd) {
        Tensor x = b.tensor("x");
        // second operand: a 1x1 conv of x (own range), or a whole-window average [1,1,1,C] (broadcast)
        String other;
        if (rnd.nextBoolean()) {
            weights(b, rnd, "w", x.dim(3), 1, 1, x.dim(3));
            weights(b, rnd, "bias", x.dim(3));
            other = b.add(OpKind.CONV_2D, new OpParams.Conv2d(1, 1, 1, 1, Padding.SAME, Activation.NONE),
                    List.of("x", "w", "bias"), "z").name();
        } else {
            other = b.add(OpKind.AVERAGE_POOL_2D, new OpParams.Pool2d(x.dim(1), x.dim(2), 1, 1, Padding.VALID,
                    Activation.NONE), List.of("x"), "z").name();
            // pooled output shares x's quantization, so rescale it through a 1x1 conv to get its own
            weights(b, rnd, "w", x.dim(3), 1, 1, x.dim(3));
            weights(b, rnd, "bias", x.dim(3));
            other = b.add(OpKind.CONV_2D, new OpParams.Conv2d(1, 1, 1, 1, Padding.SAME, Activation.NONE),
                    List.of(other, "w", "bias"), "zc").name();
        }
        return b.add(OpKind.ADD, new OpParams.Elementwise(activation(rnd)),
                rnd.nextBoolean() ? List.of("x", other) : List.of(other, "x"), "y").name();
    }

    private static String mul(GraphBuilder b, SplittableRandom rnd) {
        Tensor x = b.tensor("x");
        // the squeeze-excitation pattern (x times a per-channel gate) or two full tensors
        weights(b, rnd, "w", x.dim(3), 1, 1, x.dim(3));
        weights(b, rnd, "bias", x.dim(3));
        String other;
        if (rnd.nextBoolean()) {
            String pooled = b.add(OpKind.AVERAGE_POOL_2D, new OpParams.Pool2d(x.dim(1), x.dim(2), 1, 1, Padding.VALID,
                    Activation.NONE), List.of("x"), "z").name();
            other = b.add(OpKind.CONV_2D, new OpParams.Conv2d(1, 1, 1, 1, Padding.SAME, Activation.NONE),
                    List.of(pooled, "w", "bias"), "zc").name();
        } else {
            other = b.add(OpKind.CONV_2D, new OpParams.Conv2d(1, 1, 1, 1, Padding.SAME, Activation.NONE),
                    List.of("x", "w", "bias"), "zc").name();
        }
        return b.add(OpKind.MUL, new OpParams.Elementwise(activation(rnd)),
                rnd.nextBoolean() ? List.of("x", other) : List.of(other, "x"), "y").name();
    }

    private static String pool(GraphBuilder b, SplittableRandom rnd, OpKind kind) {
        Tensor x = b.tensor("x");
        Padding p = padding(rnd);
        int fh = kernel(rnd, x.dim(1), 1, p);
        int fw = kernel(rnd, x.dim(2), 1, p);
        return b.add(kind, new OpParams.Pool2d(fh, fw, 1 + rnd.nextInt(2), 1 + rnd.nextInt(2), p, activation(rnd)),
                List.of("x"), "y").name();
    }

    private static String pad(GraphBuilder b, SplittableRandom rnd) {
        int[] pads = new int[8];
        for (int i = 2; i < 8; i++) {
            pads[i] = rnd.nextInt(3);
        }
        return b.add(OpKind.PAD, new OpParams.Pad(pads), List.of("x"), "y").name();
    }

    private static String concat(GraphBuilder b, SplittableRandom rnd) {
        Tensor x = b.tensor("x");
        weights(b, rnd, "w", 1 + rnd.nextInt(5), 1, 1, x.dim(3));
        weights(b, rnd, "bias", b.tensor("w").dim(0));
        String z = b.add(OpKind.CONV_2D, new OpParams.Conv2d(1, 1, 1, 1, Padding.SAME, activation(rnd)),
                List.of("x", "w", "bias"), "z").name();
        return b.add(OpKind.CONCATENATION, new OpParams.Concatenation(rnd.nextBoolean() ? 3 : -1, Activation.NONE),
                rnd.nextBoolean() ? List.of("x", z) : List.of(z, "x"), "y").name();
    }

    private static String transpose(GraphBuilder b, SplittableRandom rnd) {
        Tensor x = b.tensor("x");
        if (rnd.nextInt(3) == 0) {
            // rank 2: rows x channels
            String flat = b.add(OpKind.RESHAPE, new OpParams.Reshape(new int[] {x.dim(1) * x.dim(2), x.dim(3)}),
                    List.of("x"), "flat").name();
            return b.add(OpKind.TRANSPOSE, new OpParams.Transpose(new int[] {1, 0}), List.of(flat), "y").name();
        }
        List<Integer> axes = new ArrayList<>(List.of(0, 1, 2, 3));
        int[] perm = new int[4];
        for (int d = 0; d < 4; d++) {
            perm[d] = axes.remove(rnd.nextInt(axes.size()));
        }
        return b.add(OpKind.TRANSPOSE, new OpParams.Transpose(perm), List.of("x"), "y").name();
    }

    private static String resize(GraphBuilder b, SplittableRandom rnd) {
        int mode = rnd.nextInt(3); // plain, align corners, half-pixel centers (TFLite forbids both)
        return b.add(OpKind.RESIZE_NEAREST_NEIGHBOR, new OpParams.ResizeNearest(1 + rnd.nextInt(20),
                1 + rnd.nextInt(20), mode == 1, mode == 2), List.of("x"), "y").name();
    }

    private static String floatIoBody(GraphBuilder b, SplittableRandom rnd) {
        Family[] bodies = {Family.CONV_2D, Family.DEPTHWISE_CONV_2D, Family.ADD, Family.AVERAGE_POOL_2D, Family.MEAN,
            Family.HARD_SWISH, Family.LOGISTIC, Family.RESHAPE};
        return bodies[rnd.nextInt(bodies.length)].body.apply(b, rnd);
    }
}
