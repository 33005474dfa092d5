package dev.tinyforge.runtime;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.OpKind;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * One small float graph per op, exercising the op's less common settings (stride 2 with SAME
 * padding, dilation, depth multiplier, broadcasting, odd sizes). QUANTIZE and DEQUANTIZE are
 * exercised through float-I/O quantization instead.
 */
final class OpSamples {
    private OpSamples() {
    }

    private static final Map<OpKind, Function<GraphBuilder, String>> SAMPLES = new EnumMap<>(OpKind.class);

    static {
        SAMPLES.put(OpKind.CONV_2D, b -> conv(b, "x", 6, 3, 2, 1, Padding.SAME, Activation.RELU6));
        SAMPLES.put(OpKind.DEPTHWISE_CONV_2D, b -> {
            b.tensor(weights("dw/filter", 1, 3, 3, 10));
            b.tensor(weights("dw/bias", 10));
            return b.add(OpKind.DEPTHWISE_CONV_2D,
                    new OpParams.DepthwiseConv2d(1, 2, 2, 1, Padding.VALID, 2, Activation.RELU),
                    List.of("x", "dw/filter", "dw/bias"), "dw").name();
        });
        SAMPLES.put(OpKind.FULLY_CONNECTED, b -> {
            b.tensor(weights("fc/weights", 7, 9 * 9 * 5));
            b.tensor(weights("fc/bias", 7));
            return b.add(OpKind.FULLY_CONNECTED, new OpParams.FullyConnected(Activation.NONE),
                    List.of("x", "fc/weights", "fc/bias"), "fc").name();
        });
        SAMPLES.put(OpKind.ADD, b -> {
            String c = conv(b, "x", 5, 3, 1, 1, Padding.SAME, Activation.NONE);
            return b.add(OpKind.ADD, new OpParams.Elementwise(Activation.RELU), List.of(c, "x"), "add").name();
        });
        SAMPLES.put(OpKind.MUL, b -> {
            b.add(OpKind.MEAN, new OpParams.Mean(new int[] {1, 2}, true), List.of("x"), "squeeze");
            b.add(OpKind.LOGISTIC, new OpParams.None(), List.of("squeeze"), "gate");
            return b.add(OpKind.MUL, new OpParams.Elementwise(Activation.NONE), List.of("x", "gate"), "mul").name();
        });
        SAMPLES.put(OpKind.CONCATENATION, b -> {
            String c = conv(b, "x", 3, 1, 1, 1, Padding.SAME, Activation.RELU6);
            return b.add(OpKind.CONCATENATION, new OpParams.Concatenation(3, Activation.NONE), List.of("x", c),
                    "concat").name();
        });
        SAMPLES.put(OpKind.AVERAGE_POOL_2D, b -> b.add(OpKind.AVERAGE_POOL_2D,
                new OpParams.Pool2d(3, 3, 2, 2, Padding.SAME, Activation.NONE), List.of("x"), "avg").name());
        SAMPLES.put(OpKind.MAX_POOL_2D, b -> b.add(OpKind.MAX_POOL_2D,
                new OpParams.Pool2d(2, 3, 2, 1, Padding.VALID, Activation.NONE), List.of("x"), "max").name());
        SAMPLES.put(OpKind.MEAN, b -> b.add(OpKind.MEAN, new OpParams.Mean(new int[] {1, 2}, false), List.of("x"),
                "mean").name());
        SAMPLES.put(OpKind.PAD, b -> b.add(OpKind.PAD, new OpParams.Pad(new int[] {0, 0, 1, 2, 2, 1, 0, 0}),
                List.of("x"), "pad").name());
        SAMPLES.put(OpKind.RESHAPE, b -> b.add(OpKind.RESHAPE, new OpParams.Reshape(new int[] {1, 81, 5}),
                List.of("x"), "reshape").name());
        SAMPLES.put(OpKind.SOFTMAX, b -> {
            b.add(OpKind.RESHAPE, new OpParams.Reshape(new int[] {1, 405}), List.of("x"), "flat");
            return b.add(OpKind.SOFTMAX, new OpParams.Softmax(1.0f), List.of("flat"), "softmax").name();
        });
        SAMPLES.put(OpKind.LOGISTIC, b -> unary(b, OpKind.LOGISTIC));
        SAMPLES.put(OpKind.HARD_SWISH, b -> unary(b, OpKind.HARD_SWISH));
        SAMPLES.put(OpKind.RELU, b -> unary(b, OpKind.RELU));
        SAMPLES.put(OpKind.RELU6, b -> unary(b, OpKind.RELU6));
        SAMPLES.put(OpKind.RESIZE_NEAREST_NEIGHBOR, b -> b.add(OpKind.RESIZE_NEAREST_NEIGHBOR,
                new OpParams.ResizeNearest(18, 13, false, false), List.of("x"), "resize").name());
        SAMPLES.put(OpKind.TRANSPOSE, b -> b.add(OpKind.TRANSPOSE, new OpParams.Transpose(new int[] {0, 2, 1, 3}),
                List.of("x"), "transpose").name());
    }

    static List<OpKind> kinds() {
        return List.copyOf(SAMPLES.keySet());
    }

    /** The sample graph for an op: input "x" of shape [1, 9, 9, 5] scaled to [-3, 3]. */
    static Graph graph(OpKind kind) {
        GraphBuilder b = new GraphBuilder("sample_" + kind.name().toLowerCase());
        b.input("x", new int[] {1, 9, 9, 5}, DType.FLOAT32, null);
        b.output(SAMPLES.get(kind).apply(b));
        return b.build();
    }

    private static String unary(GraphBuilder b, OpKind kind) {
        return b.add(kind, new OpParams.None(), List.of("x"), kind.name().toLowerCase()).name();
    }

    private static String conv(GraphBuilder b, String in, int cout, int k, int stride, int dilation, Padding padding,
            Activation act) {
        String name = b.uniqueName("conv");
        int cin = b.tensor(in).dim(3);
        b.tensor(weights(name + "/filter", cout, k, k, cin));
        b.tensor(weights(name + "/bias", cout));
        return b.add(OpKind.CONV_2D, new OpParams.Conv2d(stride, stride, dilation, dilation, padding, act),
                List.of(in, name + "/filter", name + "/bias"), name).name();
    }

    private static Tensor weights(String name, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextDouble() - 0.5);
        }
        return Tensor.constFloat(name, shape, v);
    }

    /** Seeded inputs for a sample graph, uniform in [-3, 3]. */
    static List<float[]> inputs(Graph g, int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<float[]> list = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] x = new float[(int) g.input(0).elements()];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) (rnd.nextDouble() * 6 - 3);
            }
            list.add(x);
        }
        return list;
    }
}
