package dev.tinyforge.runtime;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.OpRegistry;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.ir.Padding;
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
import dev.tinyforge.ops.LogSoftmax;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The test sample of every op, in one place: a small fixed float graph exercising the op's less
 * common settings (stride 2 with SAME padding, dilation, depth multiplier, broadcasting, odd sizes),
 * used by {@link OpConformanceTest} against TFLite's float and int8 kernels, and a generator of random
 * configurations (shapes, strides, padding, dilation, depth multipliers, activation ranges, odd channel
 * counts, 1×1 and 1×N kernels) that {@link KernelConformanceTest} runs through the generated C and
 * TFLite, tolerance 0. Adding an op adds its two entries here; {@link OpCompletenessTest} checks that
 * every registered op has them.
 */
final class OpSamples {
    private OpSamples() {
    }

    private static final Map<OpType, Function<GraphBuilder, String>> FIXED = new LinkedHashMap<>();
    private static final Map<OpType, BiFunction<GraphBuilder, SplittableRandom, String>> RANDOM =
            new LinkedHashMap<>();
    private static final Map<OpType, BiFunction<GraphBuilder, SplittableRandom, String>> RANDOM_BODIES =
            new LinkedHashMap<>();
    private static final Set<OpType> FLOAT_IO = new HashSet<>();
    private static final Map<OpType, OpType> COVERED_BY = new LinkedHashMap<>();

    static {
        fixed(Conv2d.OP, b -> conv(b, "x", 6, 3, 2, 1, Padding.SAME, Activation.RELU6));
        fixed(DepthwiseConv2d.OP, b -> {
            b.tensor(weights("dw/filter", 1, 3, 3, 10));
            b.tensor(weights("dw/bias", 10));
            return b.add(DepthwiseConv2d.OP,
                    new DepthwiseConv2d.Params(1, 2, 2, 1, Padding.VALID, 2, Activation.RELU),
                    List.of("x", "dw/filter", "dw/bias"), "dw").name();
        });
        fixed(FullyConnected.OP, b -> {
            b.tensor(weights("fc/weights", 7, 9 * 9 * 5));
            b.tensor(weights("fc/bias", 7));
            return b.add(FullyConnected.OP, new FullyConnected.Params(Activation.NONE),
                    List.of("x", "fc/weights", "fc/bias"), "fc").name();
        });
        fixed(Add.OP, b -> {
            String c = conv(b, "x", 5, 3, 1, 1, Padding.SAME, Activation.NONE);
            return b.add(Add.OP, new BroadcastOp.Params(Activation.RELU), List.of(c, "x"), "add").name();
        });
        fixed(Mul.OP, b -> {
            b.add(Mean.OP, new Mean.Params(new int[] {1, 2}, true), List.of("x"), "squeeze");
            b.add(Logistic.OP, new OpParams.None(), List.of("squeeze"), "gate");
            return b.add(Mul.OP, new BroadcastOp.Params(Activation.NONE), List.of("x", "gate"), "mul").name();
        });
        fixed(Concatenation.OP, b -> {
            String c = conv(b, "x", 3, 1, 1, 1, Padding.SAME, Activation.RELU6);
            return b.add(Concatenation.OP, new Concatenation.Params(3, Activation.NONE), List.of("x", c),
                    "concat").name();
        });
        fixed(AveragePool2d.OP, b -> b.add(AveragePool2d.OP,
                new Pool2d.Params(3, 3, 2, 2, Padding.SAME, Activation.NONE), List.of("x"), "avg").name());
        fixed(MaxPool2d.OP, b -> b.add(MaxPool2d.OP,
                new Pool2d.Params(2, 3, 2, 1, Padding.VALID, Activation.NONE), List.of("x"), "max").name());
        fixed(Mean.OP, b -> b.add(Mean.OP, new Mean.Params(new int[] {1, 2}, false), List.of("x"),
                "mean").name());
        fixed(Pad.OP, b -> b.add(Pad.OP, new Pad.Params(new int[] {0, 0, 1, 2, 2, 1, 0, 0}),
                List.of("x"), "pad").name());
        fixed(Reshape.OP, b -> b.add(Reshape.OP, new Reshape.Params(new int[] {1, 81, 5}),
                List.of("x"), "reshape").name());
        fixed(Softmax.OP, b -> {
            b.add(Reshape.OP, new Reshape.Params(new int[] {1, 405}), List.of("x"), "flat");
            return b.add(Softmax.OP, new Softmax.Params(1.0f), List.of("flat"), "softmax").name();
        });
        fixed(LogSoftmax.OP, b -> {
            b.add(Reshape.OP, new Reshape.Params(new int[] {9, 45}), List.of("x"), "rows");
            return b.add(LogSoftmax.OP, new OpParams.None(), List.of("rows"), "log_softmax").name();
        });
        fixed(Logistic.OP, b -> unary(b, Logistic.OP));
        fixed(HardSwish.OP, b -> unary(b, HardSwish.OP));
        fixed(Relu.OP, b -> unary(b, Relu.OP));
        fixed(Relu6.OP, b -> unary(b, Relu6.OP));
        fixed(ResizeNearestNeighbor.OP, b -> b.add(ResizeNearestNeighbor.OP,
                new ResizeNearestNeighbor.Params(18, 13, false, false), List.of("x"), "resize").name());
        fixed(Transpose.OP, b -> b.add(Transpose.OP, new Transpose.Params(new int[] {0, 2, 1, 3}),
                List.of("x"), "transpose").name());
    }


    static {
        onImage(Conv2d.OP, OpSamples::randomConv);
        onImage(DepthwiseConv2d.OP, OpSamples::randomDepthwise);
        onImage(FullyConnected.OP, OpSamples::randomFullyConnected);
        onImage(Add.OP, OpSamples::randomAdd);
        onImage(AveragePool2d.OP, (b, r) -> randomPool(b, r, AveragePool2d.OP));
        onImage(MaxPool2d.OP, (b, r) -> randomPool(b, r, MaxPool2d.OP));
        onImage(Pad.OP, OpSamples::randomPad);
        onImage(Concatenation.OP, OpSamples::randomConcat);
        // MEAN declares its own input (rank 1 to 4); over the image, it is global average pooling
        RANDOM.put(Mean.OP, OpSamples::randomMean);
        RANDOM_BODIES.put(Mean.OP, (b, r) -> b.add(Mean.OP, new Mean.Params(r.nextBoolean() ? new int[] {1, 2}
            : new int[] {2, 1}, r.nextBoolean()), List.of("x"), "y").name());
        onImage(Mul.OP, OpSamples::randomMul);
        onImage(Logistic.OP, (b, r) -> b.add(Logistic.OP, new OpParams.None(), List.of("x"), "y").name());
        onImage(Softmax.OP, (b, r) -> {
            b.add(Reshape.OP, new Reshape.Params(new int[] {(int) b.tensor("x").elements() / b.tensor("x").dim(3),
                b.tensor("x").dim(3)}), List.of("x"), "rows");
            return b.add(Softmax.OP, new Softmax.Params(r.nextBoolean() ? 1f : (float) r.nextDouble(0.2, 3)),
                    List.of("rows"), "y").name();
        });
        // LOG_SOFTMAX declares its own input: rows x depth, depth up to 300
        RANDOM.put(LogSoftmax.OP, OpSamples::randomLogSoftmax);
        onImage(Reshape.OP, (b, r) -> b.add(Reshape.OP, new Reshape.Params(new int[] {1,
            (int) b.tensor("x").elements()}), List.of("x"), "y").name());
        onImage(Relu.OP, (b, r) -> b.add(Relu.OP, new OpParams.None(), List.of("x"), "y").name());
        onImage(Relu6.OP, (b, r) -> b.add(Relu6.OP, new OpParams.None(), List.of("x"), "y").name());
        onImage(HardSwish.OP, (b, r) -> b.add(HardSwish.OP, new OpParams.None(), List.of("x"), "y").name());
        onImage(Transpose.OP, OpSamples::randomTranspose);
        onImage(ResizeNearestNeighbor.OP, OpSamples::randomResize);
        // QUANTIZE and DEQUANTIZE: a float-input, float-output model around a random op of another family
        onImage(Quantize.OP, OpSamples::floatIoBody);
        FLOAT_IO.add(Quantize.OP);
        COVERED_BY.put(Dequantize.OP, Quantize.OP);
    }

    /*
     * TFLite's 16x8 mode: the ops whose random configurations KernelConformanceTest also runs with int16
     * activations (families named OP@16x8), with the generators they use there. Most are the int8 ones;
     * CONV_2D adds grouped convolutions (the 16x8 kernel takes them), MEAN leaves out PyTorch's TRANSPOSE
     * pattern (no int16 TRANSPOSE kernel) and QUANTIZE's float-I/O models avoid HARD_SWISH (TFLite has no
     * int16 HARD_SWISH).
     */
    private static final Map<OpType, BiFunction<GraphBuilder, SplittableRandom, String>> RANDOM_16X8 =
            new LinkedHashMap<>();

    static {
        RANDOM_16X8.put(Conv2d.OP, (b, rnd) -> {
            image(b, rnd);
            return randomConv(b, rnd, true);
        });
        for (OpType kind : List.of(DepthwiseConv2d.OP, FullyConnected.OP, Add.OP, Mul.OP, AveragePool2d.OP,
                MaxPool2d.OP, Softmax.OP, Logistic.OP, Reshape.OP)) {
            RANDOM_16X8.put(kind, RANDOM.get(kind));
        }
        RANDOM_16X8.put(Mean.OP, (b, rnd) -> randomMean(b, rnd, false));
        RANDOM_16X8.put(Quantize.OP, (b, rnd) -> {
            image(b, rnd);
            OpType[] bodies = {Conv2d.OP, DepthwiseConv2d.OP, Add.OP, AveragePool2d.OP, Mean.OP, Logistic.OP,
                Reshape.OP, Mul.OP, FullyConnected.OP};
            return RANDOM_BODIES.get(bodies[rnd.nextInt(bodies.length)]).apply(b, rnd);
        });
    }

    /** The ops with random configurations in 16x8 mode. */
    static List<OpType> random16x8Kinds() {
        return OpRegistry.all().stream().filter(RANDOM_16X8::containsKey).toList();
    }

    /** Configuration {@code index} of an op's 16x8 random family (a float graph, to quantize in 16x8 mode). */
    static Graph random16x8(OpType kind, SplittableRandom rnd, int index) {
        GraphBuilder b = new GraphBuilder(kind.name().toLowerCase() + "_16x8_" + index);
        b.output(RANDOM_16X8.get(kind).apply(b, rnd));
        return b.build();
    }

    private static String floatIoBody(GraphBuilder b, SplittableRandom rnd) {
        OpType[] bodies = {Conv2d.OP, DepthwiseConv2d.OP, Add.OP, AveragePool2d.OP, Mean.OP, HardSwish.OP,
            Logistic.OP, Reshape.OP};
        OpType body = bodies[rnd.nextInt(bodies.length)];
        return RANDOM_BODIES.get(body).apply(b, rnd);
    }

    /** The ops with a fixed sample (QUANTIZE and DEQUANTIZE are exercised through float-I/O quantization). */
    static List<OpType> kinds() {
        return OpRegistry.all().stream().filter(FIXED::containsKey).toList();
    }

    /** The ops with random configurations of their own. */
    static List<OpType> randomKinds() {
        return OpRegistry.all().stream().filter(RANDOM::containsKey).toList();
    }

    /** Whether the op is tested: a fixed sample or random configurations, or explicitly through another op's. */
    static boolean covered(OpType kind) {
        return FIXED.containsKey(kind) || RANDOM.containsKey(kind) || COVERED_BY.containsKey(kind);
    }

    /** The op whose configurations cover an op without its own, or {@code null}. */
    static OpType coveredBy(OpType kind) {
        return COVERED_BY.get(kind);
    }

    /** Whether an op's random configurations are quantized with float input and output. */
    static boolean floatIo(OpType kind) {
        return FLOAT_IO.contains(kind);
    }

    /** The sample graph for an op: input "x" of shape [1, 9, 9, 5] scaled to [-3, 3]. */
    static Graph graph(OpType kind) {
        GraphBuilder b = new GraphBuilder("sample_" + kind.name().toLowerCase());
        b.input("x", new int[] {1, 9, 9, 5}, DType.FLOAT32, null);
        b.output(FIXED.get(kind).apply(b));
        return b.build();
    }

    /**
     * Every op's fixed sample in one model: input "x" of shape [1, 9, 9, 5], one output per op, in
     * registry order. One firmware build and one emulator run cover every kernel a board links.
     */
    static Graph everyKind() {
        GraphBuilder b = new GraphBuilder("every_op");
        b.input("x", new int[] {1, 9, 9, 5}, DType.FLOAT32, null);
        List<String> outputs = new ArrayList<>();
        for (OpType kind : kinds()) {
            outputs.add(FIXED.get(kind).apply(b));
        }
        return b.outputs(outputs).build();
    }

    /**
     * An op's fixed sample cut down to the op alone: the last op of {@link #graph}, its activation
     * inputs made model inputs (two for ADD, MUL and CONCATENATION). The firmware of such a model links
     * only what that one kernel needs, which is where a missing helper shows.
     */
    static Graph alone(OpType kind) {
        Graph sample = graph(kind);
        Op last = sample.ops().get(sample.ops().size() - 1);
        GraphBuilder b = new GraphBuilder("alone_" + kind.name().toLowerCase());
        List<String> inputs = new ArrayList<>();
        for (String in : last.inputs()) {
            Tensor t = sample.tensor(in);
            if (t.isConstant()) {
                b.tensor(t);
            } else if (!inputs.contains(in)) {
                b.input(in, t.shape(), DType.FLOAT32, null);
                inputs.add(in);
            }
        }
        b.add(last.kind(), last.params(), last.inputs(), last.output());
        return b.output(last.output()).build();
    }

    /**
     * Configuration {@code index} of an op's random family: a float graph with input "x" of a random
     * [1, H, W, C] shape (H, W up to 9, C up to 12) unless the op's generator declares its own.
     */
    static Graph random(OpType kind, SplittableRandom rnd, int index) {
        GraphBuilder b = new GraphBuilder(kind.name().toLowerCase() + index);
        b.output(RANDOM.get(kind).apply(b, rnd));
        return b.build();
    }

    /** The common input of the random configurations: "x", [1, 1..9, 1..9, 1..12]. */
    private static void image(GraphBuilder b, SplittableRandom rnd) {
        int h = 1 + rnd.nextInt(9);
        int w = 1 + rnd.nextInt(9);
        int c = 1 + rnd.nextInt(12);
        b.input("x", new int[] {1, h, w, c}, DType.FLOAT32, null);
    }

    /** A random family over the common image input. */
    private static void onImage(OpType kind, BiFunction<GraphBuilder, SplittableRandom, String> body) {
        RANDOM_BODIES.put(kind, body);
        RANDOM.put(kind, (b, rnd) -> {
            image(b, rnd);
            return body.apply(b, rnd);
        });
    }

    private static void fixed(OpType kind, Function<GraphBuilder, String> body) {
        FIXED.put(kind, body);
    }

    private static String unary(GraphBuilder b, OpType kind) {
        return b.add(kind, new OpParams.None(), List.of("x"), kind.name().toLowerCase()).name();
    }

    private static String conv(GraphBuilder b, String in, int cout, int k, int stride, int dilation, Padding padding,
            Activation act) {
        String name = b.uniqueName("conv");
        int cin = b.tensor(in).dim(3);
        b.tensor(weights(name + "/filter", cout, k, k, cin));
        b.tensor(weights(name + "/bias", cout));
        return b.add(Conv2d.OP, new Conv2d.Params(stride, stride, dilation, dilation, padding, act),
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

    private static Activation activation(SplittableRandom rnd) {
        return Activation.values()[rnd.nextInt(3)];
    }

    private static Padding padding(SplittableRandom rnd) {
        return rnd.nextBoolean() ? Padding.SAME : Padding.VALID;
    }

    private static void randomWeights(GraphBuilder b, SplittableRandom rnd, String name, int... shape) {
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

    private static String randomConv(GraphBuilder b, SplittableRandom rnd) {
        return randomConv(b, rnd, false);
    }

    /**
     * @param grouped whether a third of the configurations are grouped (a random divisor of the input depth
     *     as group count): the int8 C backend refuses grouped convolution, the 16x8 one takes it
     */
    private static String randomConv(GraphBuilder b, SplittableRandom rnd, boolean grouped) {
        Tensor x = b.tensor("x");
        Padding p = padding(rnd);
        int dh = rnd.nextInt(4) == 0 ? 2 : 1;
        int dw = rnd.nextInt(4) == 0 ? 2 : 1;
        int kh = kernel(rnd, x.dim(1), dh, p);
        int kw = rnd.nextInt(4) == 0 ? 1 : kernel(rnd, x.dim(2), dw, p);
        int cin = x.dim(3);
        int groups = 1; // grouped int8 convolution is refused by the C backend (see CEmitterTest)
        if (grouped && rnd.nextInt(3) == 0) {
            List<Integer> divisors = new ArrayList<>();
            for (int g = 2; g <= cin; g++) {
                if (cin % g == 0) {
                    divisors.add(g);
                }
            }
            groups = divisors.isEmpty() ? 1 : divisors.get(rnd.nextInt(divisors.size()));
        }
        int cout = groups * (1 + rnd.nextInt(8));
        randomWeights(b, rnd, "w", cout, kh, kw, cin / groups);
        randomWeights(b, rnd, "bias", cout);
        return b.add(Conv2d.OP, new Conv2d.Params(1 + rnd.nextInt(2), 1 + rnd.nextInt(2), dh, dw, p,
                activation(rnd)), List.of("x", "w", "bias"), "y").name();
    }

    /**
     * Configuration {@code index} of DEPTHWISE_CONV_2D's 3×3 family: the common random image, a 3×3
     * filter, dilation 1, multiplier 1, random strides, padding and activation, so the in-place kernel's
     * 3×3 specialisation (Cortex-M DSP) runs in every configuration the planner puts in place.
     */
    static Graph randomDepthwise3x3(SplittableRandom rnd, int index) {
        GraphBuilder b = new GraphBuilder("depthwise_3x3_" + index);
        image(b, rnd);
        Tensor x = b.tensor("x");
        Padding p = x.dim(1) < 3 || x.dim(2) < 3 ? Padding.SAME : padding(rnd);
        randomWeights(b, rnd, "w", 1, 3, 3, x.dim(3));
        randomWeights(b, rnd, "bias", x.dim(3));
        b.output(b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(1 + rnd.nextInt(2), 1 + rnd.nextInt(2), 1, 1,
                p, 1, activation(rnd)), List.of("x", "w", "bias"), "y").name());
        return b.build();
    }

    /**
     * Two 3×3 depthwise convolutions (multiplier 1, dilation 1, one stride and padding) of one input [1, 1..12,
     * 1..12, 1..16], concatenated along channels: the input outlives the first, so at least one runs out of
     * place ({@code tfg_depthwise_conv2d_s8}, whose Cortex-M DSP path is this 3×3 specialisation); the other
     * may run in place. CONCATENATION copies without rescaling, so a wrong byte of either shows in the output.
     */
    static Graph randomDepthwise3x3Pair(SplittableRandom rnd, int index) {
        GraphBuilder b = new GraphBuilder("depthwise_3x3_pair_" + index);
        int h = 1 + rnd.nextInt(12);
        int w = 1 + rnd.nextInt(12);
        int c = 1 + rnd.nextInt(16);
        b.input("x", new int[] {1, h, w, c}, DType.FLOAT32, null);
        Padding p = h < 3 || w < 3 ? Padding.SAME : padding(rnd);
        int strideH = 1 + rnd.nextInt(2);
        int strideW = 1 + rnd.nextInt(2);
        Activation act = activation(rnd);
        List<String> outs = new ArrayList<>();
        for (String n : List.of("a", "b")) {
            randomWeights(b, rnd, n + "/w", 1, 3, 3, c);
            randomWeights(b, rnd, n + "/bias", c);
            outs.add(b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(strideH, strideW, 1, 1, p, 1, act),
                    List.of("x", n + "/w", n + "/bias"), n).name());
        }
        b.output(b.add(Concatenation.OP, new Concatenation.Params(3, Activation.NONE), outs, "y").name());
        return b.build();
    }

    /**
     * Configuration {@code index} of DEPTHWISE_CONV_2D's k×k family: an input [1, 1..12, 1..12, 1..16], a filter of
     * k×k with k in 5..7 (a quarter of them k_h×k_w, each in 5..7), dilation 1, multiplier 1, random strides (1 or
     * 2), padding and activation; half of the configurations one convolution (in place where the planner puts it),
     * half two of the same input concatenated as in {@link #randomDepthwise3x3Pair} (at least one out of place),
     * so both Cortex-M DSP k×k paths run.
     */
    static Graph randomDepthwiseKxk(SplittableRandom rnd, int index) {
        GraphBuilder b = new GraphBuilder("depthwise_kxk_" + index);
        int h = 1 + rnd.nextInt(12);
        int w = 1 + rnd.nextInt(12);
        int c = 1 + rnd.nextInt(16);
        b.input("x", new int[] {1, h, w, c}, DType.FLOAT32, null);
        int kh = 5 + rnd.nextInt(3);
        int kw = rnd.nextInt(4) == 0 ? 5 + rnd.nextInt(3) : kh;
        Padding p = h < kh || w < kw ? Padding.SAME : padding(rnd);
        int strideH = 1 + rnd.nextInt(2);
        int strideW = 1 + rnd.nextInt(2);
        Activation act = activation(rnd);
        boolean pair = rnd.nextBoolean();
        List<String> outs = new ArrayList<>();
        for (String n : pair ? List.of("a", "b") : List.of("a")) {
            randomWeights(b, rnd, n + "/w", 1, kh, kw, c);
            randomWeights(b, rnd, n + "/bias", c);
            outs.add(b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(strideH, strideW, 1, 1, p, 1, act),
                    List.of("x", n + "/w", n + "/bias"), pair ? n : "y").name());
        }
        if (pair) {
            b.add(Concatenation.OP, new Concatenation.Params(3, Activation.NONE), outs, "y");
        }
        b.output("y");
        return b.build();
    }

    /**
     * Configuration {@code index} of DEPTHWISE_CONV_2D's wide family, for the host's AVX2 paths (blocks of 16
     * channels, the last one overlapping when the depth is not a multiple of 16): an input [1, 1..10, 1..10, 16..48],
     * a filter of 1..7 × 1..7 (dilation 2 in a quarter of the dimensions), multiplier 1, random strides, padding and
     * activation; half of the configurations one convolution (in place where the planner puts it), half two of the
     * same input concatenated (at least one out of place), so both AVX2 paths run.
     */
    static Graph randomDepthwiseWide(SplittableRandom rnd, int index) {
        GraphBuilder b = new GraphBuilder("depthwise_wide_" + index);
        int h = 1 + rnd.nextInt(10);
        int w = 1 + rnd.nextInt(10);
        int c = 16 + rnd.nextInt(33);
        b.input("x", new int[] {1, h, w, c}, DType.FLOAT32, null);
        Padding p = padding(rnd);
        int dh = rnd.nextInt(4) == 0 ? 2 : 1;
        int dw = rnd.nextInt(4) == 0 ? 2 : 1;
        int kh = 1 + rnd.nextInt(7);
        int kw = 1 + rnd.nextInt(7);
        if (p == Padding.VALID && ((kh - 1) * dh >= h || (kw - 1) * dw >= w)) {
            p = Padding.SAME;
        }
        int strideH = 1 + rnd.nextInt(2);
        int strideW = 1 + rnd.nextInt(2);
        Activation act = activation(rnd);
        boolean pair = rnd.nextBoolean();
        List<String> outs = new ArrayList<>();
        for (String n : pair ? List.of("a", "b") : List.of("a")) {
            randomWeights(b, rnd, n + "/w", 1, kh, kw, c);
            randomWeights(b, rnd, n + "/bias", c);
            outs.add(b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(strideH, strideW, dh, dw, p, 1, act),
                    List.of("x", n + "/w", n + "/bias"), pair ? n : "y").name());
        }
        if (pair) {
            b.add(Concatenation.OP, new Concatenation.Params(3, Activation.NONE), outs, "y");
        }
        b.output("y");
        return b.build();
    }

    private static String randomDepthwise(GraphBuilder b, SplittableRandom rnd) {
        Tensor x = b.tensor("x");
        Padding p = padding(rnd);
        int dh = rnd.nextInt(4) == 0 ? 2 : 1;
        int dw = rnd.nextInt(4) == 0 ? 2 : 1;
        int kh = kernel(rnd, x.dim(1), dh, p);
        int kw = kernel(rnd, x.dim(2), dw, p);
        int m = rnd.nextInt(3) == 0 ? 2 : 1;
        randomWeights(b, rnd, "w", 1, kh, kw, x.dim(3) * m);
        randomWeights(b, rnd, "bias", x.dim(3) * m);
        return b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(1 + rnd.nextInt(2), 1 + rnd.nextInt(2),
                dh, dw, p, m, activation(rnd)), List.of("x", "w", "bias"), "y").name();
    }

    private static String randomFullyConnected(GraphBuilder b, SplittableRandom rnd) {
        int cin = (int) b.tensor("x").elements();
        int cout = 1 + rnd.nextInt(12);
        randomWeights(b, rnd, "w", cout, cin);
        randomWeights(b, rnd, "bias", cout);
        return b.add(FullyConnected.OP, new FullyConnected.Params(activation(rnd)), List.of("x", "w", "bias"),
                "y").name();
    }

    private static String randomAdd(GraphBuilder b, SplittableRandom rnd) {
        Tensor x = b.tensor("x");
        // second operand: a 1x1 conv of x (own range), or a whole-window average [1,1,1,C] (broadcast)
        String other;
        if (rnd.nextBoolean()) {
            randomWeights(b, rnd, "w", x.dim(3), 1, 1, x.dim(3));
            randomWeights(b, rnd, "bias", x.dim(3));
            other = b.add(Conv2d.OP, new Conv2d.Params(1, 1, 1, 1, Padding.SAME, Activation.NONE),
                    List.of("x", "w", "bias"), "z").name();
        } else {
            other = b.add(AveragePool2d.OP, new Pool2d.Params(x.dim(1), x.dim(2), 1, 1, Padding.VALID,
                    Activation.NONE), List.of("x"), "z").name();
            // pooled output shares x's quantization, so rescale it through a 1x1 conv to get its own
            randomWeights(b, rnd, "w", x.dim(3), 1, 1, x.dim(3));
            randomWeights(b, rnd, "bias", x.dim(3));
            other = b.add(Conv2d.OP, new Conv2d.Params(1, 1, 1, 1, Padding.SAME, Activation.NONE),
                    List.of(other, "w", "bias"), "zc").name();
        }
        return b.add(Add.OP, new BroadcastOp.Params(activation(rnd)),
                rnd.nextBoolean() ? List.of("x", other) : List.of(other, "x"), "y").name();
    }

    private static String randomMul(GraphBuilder b, SplittableRandom rnd) {
        Tensor x = b.tensor("x");
        // the squeeze-excitation pattern (x times a per-channel gate) or two full tensors
        randomWeights(b, rnd, "w", x.dim(3), 1, 1, x.dim(3));
        randomWeights(b, rnd, "bias", x.dim(3));
        String other;
        if (rnd.nextBoolean()) {
            String pooled = b.add(AveragePool2d.OP, new Pool2d.Params(x.dim(1), x.dim(2), 1, 1, Padding.VALID,
                    Activation.NONE), List.of("x"), "z").name();
            other = b.add(Conv2d.OP, new Conv2d.Params(1, 1, 1, 1, Padding.SAME, Activation.NONE),
                    List.of(pooled, "w", "bias"), "zc").name();
        } else {
            other = b.add(Conv2d.OP, new Conv2d.Params(1, 1, 1, 1, Padding.SAME, Activation.NONE),
                    List.of("x", "w", "bias"), "zc").name();
        }
        return b.add(Mul.OP, new BroadcastOp.Params(activation(rnd)),
                rnd.nextBoolean() ? List.of("x", other) : List.of(other, "x"), "y").name();
    }

    private static String randomPool(GraphBuilder b, SplittableRandom rnd, OpType kind) {
        Tensor x = b.tensor("x");
        Padding p = padding(rnd);
        int fh = kernel(rnd, x.dim(1), 1, p);
        int fw = kernel(rnd, x.dim(2), 1, p);
        return b.add(kind, new Pool2d.Params(fh, fw, 1 + rnd.nextInt(2), 1 + rnd.nextInt(2), p, activation(rnd)),
                List.of("x"), "y").name();
    }

    /**
     * PAD alone (its output the graph's), or, in half the configurations, a spatial PAD (0-3 rows and
     * columns on each side) read by a random CONV_2D or DEPTHWISE_CONV_2D, which the C generator folds into
     * the convolution's own padding ({@code PadFolding}): TFLite runs the PAD, the C does not.
     */
    private static String randomPad(GraphBuilder b, SplittableRandom rnd) {
        boolean folded = rnd.nextBoolean();
        int[] pads = new int[8];
        for (int i = 2; i < (folded ? 6 : 8); i++) {
            pads[i] = rnd.nextInt(folded ? 4 : 3);
        }
        String padded = b.add(Pad.OP, new Pad.Params(pads), List.of("x"), folded ? "padded" : "y").name();
        if (!folded) {
            return padded;
        }
        Tensor x = b.tensor(padded);
        Padding p = padding(rnd);
        int kh = kernel(rnd, x.dim(1), 1, p);
        int kw = kernel(rnd, x.dim(2), 1, p);
        int sh = 1 + rnd.nextInt(2);
        int sw = 1 + rnd.nextInt(2);
        if (rnd.nextBoolean()) {
            int cout = 1 + rnd.nextInt(8);
            randomWeights(b, rnd, "w", cout, kh, kw, x.dim(3));
            randomWeights(b, rnd, "bias", cout);
            return b.add(Conv2d.OP, new Conv2d.Params(sh, sw, 1, 1, p, activation(rnd)), List.of(padded, "w", "bias"),
                    "y").name();
        }
        randomWeights(b, rnd, "w", 1, kh, kw, x.dim(3));
        randomWeights(b, rnd, "bias", x.dim(3));
        return b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(sh, sw, 1, 1, p, 1, activation(rnd)),
                List.of(padded, "w", "bias"), "y").name();
    }

    private static String randomConcat(GraphBuilder b, SplittableRandom rnd) {
        Tensor x = b.tensor("x");
        randomWeights(b, rnd, "w", 1 + rnd.nextInt(5), 1, 1, x.dim(3));
        randomWeights(b, rnd, "bias", b.tensor("w").dim(0));
        String z = b.add(Conv2d.OP, new Conv2d.Params(1, 1, 1, 1, Padding.SAME, activation(rnd)),
                List.of("x", "w", "bias"), "z").name();
        return b.add(Concatenation.OP, new Concatenation.Params(rnd.nextBoolean() ? 3 : -1, Activation.NONE),
                rnd.nextBoolean() ? List.of("x", z) : List.of(z, "x"), "y").name();
    }

    private static String randomTranspose(GraphBuilder b, SplittableRandom rnd) {
        Tensor x = b.tensor("x");
        if (rnd.nextInt(3) == 0) {
            // rank 2: rows x channels
            String flat = b.add(Reshape.OP, new Reshape.Params(new int[] {x.dim(1) * x.dim(2), x.dim(3)}),
                    List.of("x"), "flat").name();
            return b.add(Transpose.OP, new Transpose.Params(new int[] {1, 0}), List.of(flat), "y").name();
        }
        List<Integer> axes = new ArrayList<>(List.of(0, 1, 2, 3));
        int[] perm = new int[4];
        for (int d = 0; d < 4; d++) {
            perm[d] = axes.remove(rnd.nextInt(axes.size()));
        }
        return b.add(Transpose.OP, new Transpose.Params(perm), List.of("x"), "y").name();
    }

    /**
     * MEAN: global average pooling written the ways exporters write it (axes {1, 2}, {2, 1}, negative or
     * repeated: TFLite takes its float-bias path only for {1, 2} and {2, 1} with keep_dims); PyTorch's
     * export, TRANSPOSE to NCHW then MEAN over the last axis twice; or an input of random rank 1 to 4
     * and odd sizes, reduced over a random non-empty set of axes (all of them included) spelled with
     * negative values, duplicates and in any order, keep_dims either way.
     */
    private static String randomMean(GraphBuilder b, SplittableRandom rnd) {
        return randomMean(b, rnd, true);
    }

    /** @param pytorch whether PyTorch's TRANSPOSE → MEAN → MEAN is among the patterns drawn */
    private static String randomMean(GraphBuilder b, SplittableRandom rnd, boolean pytorch) {
        int kind = rnd.nextInt(8);
        if (kind == 2 && !pytorch) {
            kind = 0;
        }
        if (kind < 2) {
            image(b, rnd);
            int[][] spellings = {{1, 2}, {2, 1}, {-3, -2}, {-2, 1}, {1, 2, 1}, {2, -3, 2}};
            int[] axes = rnd.nextBoolean() ? spellings[rnd.nextInt(2)] : spellings[rnd.nextInt(spellings.length)];
            return b.add(Mean.OP, new Mean.Params(axes, rnd.nextBoolean()), List.of("x"), "y").name();
        }
        if (kind == 2) {
            image(b, rnd);
            b.add(Transpose.OP, new Transpose.Params(new int[] {0, 3, 1, 2}), List.of("x"), "nchw");
            b.add(Mean.OP, new Mean.Params(new int[] {rnd.nextBoolean() ? -1 : 3}, false), List.of("nchw"), "w");
            return b.add(Mean.OP, new Mean.Params(new int[] {rnd.nextBoolean() ? -1 : 2}, false), List.of("w"), "y")
                    .name();
        }
        int rank = 1 + rnd.nextInt(4);
        int[] maxDim = {40, 16, 10, 7};
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = 1 + rnd.nextInt(maxDim[rank - 1]);
        }
        b.input("x", shape, DType.FLOAT32, null);
        int subset = 1 + rnd.nextInt((1 << rank) - 1); // non-empty; all axes when every bit is set
        List<Integer> axes = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            if ((subset >> d & 1) != 0) {
                axes.add(rnd.nextBoolean() ? d - rank : d);
            }
        }
        // a repeated axis; at most 4 entries: TFLite 2.20's int8 MEAN copies the axes into a 4-entry
        // array and corrupts memory beyond that
        if (axes.size() < 4 && rnd.nextInt(4) == 0) {
            int again = axes.get(rnd.nextInt(axes.size()));
            axes.add(again < 0 ? again + rank : again - rank);
        }
        for (int i = axes.size() - 1; i > 0; i--) {
            Collections.swap(axes, i, rnd.nextInt(i + 1));
        }
        return b.add(Mean.OP, new Mean.Params(axes.stream().mapToInt(Integer::intValue).toArray(), rnd.nextBoolean()),
                List.of("x"), "y").name();
    }

    /**
     * LOG_SOFTMAX over the last axis: depth 1 to 300 (mostly a class count up to 20, often 200 to 300),
     * over a rank 1 to 4 input whose logits are the input itself (the test's random calibrated range,
     * and random bytes over all of int8), or over [rows, depth] logits of a FULLY_CONNECTED with random
     * weight scale (LeNet-300-100's last layers): ranges from narrow to wide enough that most outputs
     * saturate at -128.
     */
    private static String randomLogSoftmax(GraphBuilder b, SplittableRandom rnd) {
        int depth = switch (rnd.nextInt(4)) {
            case 0 -> 1 + rnd.nextInt(300);
            case 1 -> 200 + rnd.nextInt(101);
            default -> 1 + rnd.nextInt(20);
        };
        String logits = "x";
        if (rnd.nextInt(3) == 0) {
            int cin = 1 + rnd.nextInt(16);
            b.input("x", new int[] {1 + rnd.nextInt(4), cin}, DType.FLOAT32, null);
            randomWeights(b, rnd, "w", depth, cin);
            randomWeights(b, rnd, "bias", depth);
            logits = b.add(FullyConnected.OP, new FullyConnected.Params(Activation.NONE), List.of("x", "w", "bias"),
                    "logits").name();
        } else {
            int rank = 1 + rnd.nextInt(4);
            int[] shape = new int[rank];
            for (int d = 0; d < rank - 1; d++) {
                shape[d] = 1 + rnd.nextInt(d == 0 ? 2 : 4);
            }
            shape[rank - 1] = depth;
            b.input("x", shape, DType.FLOAT32, null);
        }
        return b.add(LogSoftmax.OP, new OpParams.None(), List.of(logits), "y").name();
    }

    private static String randomResize(GraphBuilder b, SplittableRandom rnd) {
        int mode = rnd.nextInt(3); // plain, align corners, half-pixel centers (TFLite forbids both)
        return b.add(ResizeNearestNeighbor.OP, new ResizeNearestNeighbor.Params(1 + rnd.nextInt(20),
                1 + rnd.nextInt(20), mode == 1, mode == 2), List.of("x"), "y").name();
    }

}
