package dev.tinyforge.zoo;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.BatchNorm;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.Add;
import dev.tinyforge.ops.BroadcastOp;
import dev.tinyforge.ops.Concatenation;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.FullyConnected;
import dev.tinyforge.ops.Logistic;
import dev.tinyforge.ops.Mean;
import dev.tinyforge.ops.Mul;
import dev.tinyforge.ops.Softmax;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The builder API the zoo's networks are written in: layers with seeded He-normal weights, zero
 * biases and a batch norm to fold (γ ~ U(0.75, 1.25), β ~ N(0, 0.1²), statistics left to be
 * estimated), plus the blocks of the classic mobile networks (MBConv, squeeze-excitation, ResNet
 * basic block) and the classifier head.
 *
 * <p>Tensor names follow the layer: {@code block3/expand}, its weights {@code block3/expand/filter}
 * and {@code block3/expand/bias}.
 */
public final class NetBuilder {
    private static final float BN_EPSILON = 1e-3f;
    private final GraphBuilder graph;
    private final SplittableRandom rnd;
    private final Map<String, BatchNorm> batchNorms = new LinkedHashMap<>();

    public NetBuilder(String name, long seed) {
        this.graph = new GraphBuilder(name);
        this.rnd = new SplittableRandom(seed);
    }

    /** MobileNetV2's channel rounding: nearest multiple of {@code divisor}, never below 90% of {@code v}. */
    public static int makeDivisible(double v, int divisor) {
        int rounded = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        if (rounded < 0.9 * v) {
            rounded += divisor;
        }
        return rounded;
    }

    /** The float input {@code input} of shape {@code [1, r, r, c]}. */
    public String input(int resolution, int channels) {
        return input("input", resolution, channels);
    }

    /** A float input of shape {@code [1, r, r, c]} with the given name. */
    public String input(String name, int resolution, int channels) {
        return graph.input(name, new int[] {1, resolution, resolution, channels}, DType.FLOAT32, null).name();
    }

    /** Concatenation along channels. */
    public String concat(List<String> in, String name) {
        return graph.add(Concatenation.OP, new Concatenation.Params(3, Activation.NONE), in, name).name();
    }

    /** Makes a tensor a model output (after those added before). */
    public String output(String tensor) {
        graph.output(tensor);
        return tensor;
    }

    public int channels(String tensor) {
        return graph.tensor(tensor).dim(-1);
    }

    /** A convolution followed by batch norm (folded later) and the activation. */
    public String conv(String in, String name, int cout, int k, int stride, Activation act) {
        return conv(in, name, cout, k, stride, act, true);
    }

    public String conv(String in, String name, int cout, int k, int stride, Activation act, boolean batchNorm) {
        int cin = channels(in);
        weights(name + "/filter", new int[] {cout, k, k, cin}, k * k * cin);
        zeros(name + "/bias", cout);
        String out = graph.add(Conv2d.OP, new Conv2d.Params(stride, stride, 1, 1, Padding.SAME, act),
                List.of(in, name + "/filter", name + "/bias"), name).name();
        if (batchNorm) {
            batchNorm(out, cout);
        }
        return out;
    }

    /** A depthwise convolution followed by batch norm and the activation. */
    public String depthwise(String in, String name, int k, int stride, Activation act) {
        int c = channels(in);
        weights(name + "/filter", new int[] {1, k, k, c}, k * k);
        zeros(name + "/bias", c);
        String out = graph.add(DepthwiseConv2d.OP,
                new DepthwiseConv2d.Params(stride, stride, 1, 1, Padding.SAME, 1, act),
                List.of(in, name + "/filter", name + "/bias"), name).name();
        batchNorm(out, c);
        return out;
    }

    public String add(String a, String b, String name, Activation act) {
        return graph.add(Add.OP, new BroadcastOp.Params(act), List.of(a, b), name).name();
    }

    /**
     * Squeeze-excitation: global mean, 1×1 reduce + ReLU, 1×1 expand + sigmoid, channel-wise product.
     * Its convolutions have biases and no batch norm, as in MnasNet and MobileNetV3.
     */
    public String squeezeExcite(String in, String name, int reduced) {
        int c = channels(in);
        String pooled = graph.add(Mean.OP, new Mean.Params(new int[] {1, 2}, true), List.of(in),
                name + "/squeeze").name();
        String r = conv(pooled, name + "/reduce", reduced, 1, 1, Activation.RELU, false);
        String e = conv(r, name + "/expand", c, 1, 1, Activation.NONE, false);
        String gate = graph.add(Logistic.OP, new OpParams.None(), List.of(e), name + "/gate").name();
        return graph.add(Mul.OP, new BroadcastOp.Params(Activation.NONE), List.of(in, gate), name + "/excite")
                .name();
    }

    /**
     * Inverted residual (MBConv) block: 1×1 expand to {@code mid} (skipped when {@code mid} equals the
     * input width), k×k depthwise, optional squeeze-excitation, linear 1×1 projection, and a residual
     * add when asked (only legal for stride 1 and equal widths).
     */
    public String mbconv(String in, String name, int mid, int cout, int k, int stride, Activation act, int seReduced,
            boolean residual) {
        int cin = channels(in);
        String x = in;
        if (mid != cin) {
            x = conv(x, name + "/expand", mid, 1, 1, act);
        }
        x = depthwise(x, name + "/dw", k, stride, act);
        if (seReduced > 0) {
            x = squeezeExcite(x, name + "/se", seReduced);
        }
        x = conv(x, name + "/project", cout, 1, 1, Activation.NONE);
        if (residual) {
            if (stride != 1 || cin != cout) {
                throw new IllegalArgumentException(name + ": a residual needs stride 1 and equal widths, got stride "
                        + stride + ", " + cin + " -> " + cout);
            }
            x = add(x, in, name + "/add", Activation.NONE);
        }
        return x;
    }

    /**
     * ResNet basic block: 3×3 convolution + activation, 3×3 convolution, the shortcut (1×1
     * projection, no batch norm, when the stride or the width changes), the activation after the add
     * (ReLU in ResNet).
     */
    public String basicBlock(String in, String name, int cout, int stride, Activation act) {
        String x = conv(in, name + "/conv1", cout, 3, stride, act);
        x = conv(x, name + "/conv2", cout, 3, 1, Activation.NONE);
        String shortcut = in;
        if (stride != 1 || channels(in) != cout) {
            shortcut = conv(in, name + "/shortcut", cout, 1, stride, Activation.NONE, false);
        }
        return add(x, shortcut, name + "/add", act);
    }

    /** Global average pooling, fully connected layer to {@code classes}, softmax into {@code output}. */
    public String classifier(String in, int classes) {
        String pooled = graph.add(Mean.OP, new Mean.Params(new int[] {1, 2}, false), List.of(in), "pool").name();
        int cin = channels(pooled);
        weights("classifier/weights", new int[] {classes, cin}, cin);
        zeros("classifier/bias", classes);
        String logits = graph.add(FullyConnected.OP, new FullyConnected.Params(Activation.NONE),
                List.of(pooled, "classifier/weights", "classifier/bias"), "classifier").name();
        String out = graph.add(Softmax.OP, new Softmax.Params(1f), List.of(logits), "output").name();
        graph.output(out);
        return out;
    }

    /**
     * A second classifier named {@code name}: pooling ({@code <name>/pool}), fully connected
     * ({@code <name>/fc}), softmax or sigmoid into the output {@code name}.
     */
    public String classifier(String in, int classes, String name, boolean sigmoid) {
        String pooled = graph.add(Mean.OP, new Mean.Params(new int[] {1, 2}, false), List.of(in), name + "/pool")
                .name();
        int cin = channels(pooled);
        weights(name + "/fc/weights", new int[] {classes, cin}, cin);
        zeros(name + "/fc/bias", classes);
        String logits = graph.add(FullyConnected.OP, new FullyConnected.Params(Activation.NONE),
                List.of(pooled, name + "/fc/weights", name + "/fc/bias"), name + "/fc").name();
        String out = sigmoid ? graph.add(Logistic.OP, new OpParams.None(), List.of(logits), name).name()
                : graph.add(Softmax.OP, new Softmax.Params(1f), List.of(logits), name).name();
        graph.output(out);
        return out;
    }

    /** Finishes the model, recording the configuration as metadata. */
    public ZooModel build(String arch, ZooConfig c) {
        graph.metadata("arch", arch)
                .metadata("width", String.valueOf(c.width()))
                .metadata("resolution", String.valueOf(c.resolution()))
                .metadata("classes", String.valueOf(c.classes()))
                .metadata("input_channels", String.valueOf(c.inputChannels()))
                .metadata("seed", String.valueOf(c.seed()));
        return new ZooModel(graph.build(), batchNorms);
    }

    private void weights(String name, int[] shape, int fanIn) {
        int n = (int) Tensor.elements(shape);
        double std = Math.sqrt(2.0 / fanIn);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (gaussian() * std);
        }
        graph.tensor(Tensor.constFloat(name, shape, v));
    }

    private void zeros(String name, int n) {
        graph.tensor(Tensor.constFloat(name, new int[] {n}, new float[n]));
    }

    private void batchNorm(String layer, int channels) {
        float[] gamma = new float[channels];
        float[] beta = new float[channels];
        for (int c = 0; c < channels; c++) {
            gamma[c] = (float) (0.75 + 0.5 * rnd.nextDouble());
            beta[c] = (float) (0.1 * gaussian());
        }
        batchNorms.put(layer, new BatchNorm(gamma, beta, null, null, BN_EPSILON));
    }

    /** Standard normal by Box-Muller, so weights do not depend on a JDK's Gaussian algorithm. */
    private double gaussian() {
        double u = 1.0 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
