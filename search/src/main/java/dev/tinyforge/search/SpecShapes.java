package dev.tinyforge.search;

import dev.tinyforge.zoo.ArchitectureSpec;
import dev.tinyforge.zoo.BasicBlockSpec;
import dev.tinyforge.zoo.BlockSpec;
import dev.tinyforge.zoo.ConvBlockSpec;
import dev.tinyforge.zoo.ConvSpec;
import dev.tinyforge.zoo.MbConvSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The int8 graph a spec lowers to, as shapes only: the ops {@link dev.tinyforge.zoo.SpecBuilder} emits
 * for a single-input spec built at width 1.0 (the search bakes the width into the channel counts), in
 * the same order, with the activation tensors they read and write. No weights are drawn, which is
 * what makes the search's memory, flash and MAC figures cheap; {@code PlannerAgreementTest} holds
 * them equal to the real graph's.
 *
 * <p>Tensor 0 is the int8 image input; every op writes one new tensor, numbered in op order from 1.
 */
final class SpecShapes {

    /** What an op is, as far as memory, flash and MACs care. */
    enum Kind { CONV, DEPTHWISE, ADD, MUL, MEAN, LOGISTIC, FULLY_CONNECTED, SOFTMAX }

    /**
     * One op: its activation inputs (tensor ids), its output (tensor id), the output shape, and for
     * convolutions their kernel, stride and input shape.
     */
    record Layer(Kind kind, int[] inputs, int output, int outH, int outW, int outC, int inH, int inW, int inC,
            int kernel, int stride) {

        long outputBytes() {
            return (long) outH * outW * outC;
        }

        long macs() {
            return switch (kind) {
                case CONV -> (long) outH * outW * outC * kernel * kernel * inC;
                case DEPTHWISE -> (long) outH * outW * outC * kernel * kernel;
                case FULLY_CONNECTED -> (long) inC * outC;
                default -> 0;
            };
        }
    }

    /** The multiply-accumulates of a whole network: the figure stage 1 ranks, stage 2 caps and training speed scales. */
    static long macs(List<Layer> layers) {
        long macs = 0;
        for (Layer l : layers) {
            macs += l.macs();
        }
        return macs;
    }

    private final List<Layer> layers = new ArrayList<>(160);
    private final List<int[]> shapes = new ArrayList<>(160); // per tensor {h, w, c}

    private SpecShapes() {
    }

    /**
     * The ops of {@code spec} at width 1.0, its own resolution, classes and input channels.
     *
     * @throws IllegalArgumentException for a spec with several inputs, extra outputs or ResNet blocks
     *     (the search spaces emit none)
     */
    static List<Layer> of(ArchitectureSpec spec) {
        if (spec.inputs() != 1 || !spec.extraOutputs().isEmpty()) {
            throw new IllegalArgumentException("spec " + spec.name() + ": the search's figures cover single-input,"
                    + " single-output specs");
        }
        SpecShapes s = new SpecShapes();
        s.shapes.add(new int[] {spec.resolution(), spec.resolution(), spec.inputChannels()});
        int x = s.conv(0, spec.stem().out(), spec.stem().kernel(), spec.stem().stride());
        for (int i = 0; i < spec.blocks().size(); i++) {
            x = s.block(spec, i, spec.blocks().get(i), x);
        }
        ConvSpec head = spec.head();
        if (head != null) {
            x = s.conv(x, head.out(), head.kernel(), head.stride());
        }
        int pooled = s.add(Kind.MEAN, new int[] {x}, 1, 1, s.c(x), 0, 0);
        int logits = s.add(Kind.FULLY_CONNECTED, new int[] {pooled}, 1, 1, spec.classes(), 0, 0);
        s.add(Kind.SOFTMAX, new int[] {logits}, 1, 1, spec.classes(), 0, 0);
        return java.util.Collections.unmodifiableList(s.layers);
    }

    private int block(ArchitectureSpec spec, int index, BlockSpec block, int in) {
        if (block instanceof ConvBlockSpec c) {
            return conv(in, c.out(), c.kernel(), c.stride());
        }
        if (block instanceof MbConvSpec m) {
            int cin = c(in);
            int mid = m.midWidth(cin, 1.0, spec.channelDivisor());
            int se = m.se() == null ? 0 : m.se().reducedWidth(cin, mid, 1.0, spec.channelDivisor());
            boolean legal = m.stride() == 1 && cin == m.out();
            boolean residual = m.residual() == null ? legal : m.residual();
            if (residual && !legal) {
                throw new IllegalArgumentException("block " + index + ": residual needs equal widths and stride 1");
            }
            int x = in;
            if (mid != cin) {
                x = conv(x, mid, 1, 1);
            }
            x = add(Kind.DEPTHWISE, new int[] {x}, out(h(x), m.stride()), out(w(x), m.stride()), c(x), m.kernel(),
                    m.stride());
            if (se > 0) {
                int squeezed = add(Kind.MEAN, new int[] {x}, 1, 1, c(x), 0, 0);
                int reduced = conv(squeezed, se, 1, 1);
                int expanded = conv(reduced, c(x), 1, 1);
                int gate = add(Kind.LOGISTIC, new int[] {expanded}, 1, 1, c(x), 0, 0);
                x = add(Kind.MUL, new int[] {x, gate}, h(x), w(x), c(x), 0, 0);
            }
            x = conv(x, m.out(), 1, 1);
            if (residual) {
                x = add(Kind.ADD, new int[] {x, in}, h(x), w(x), c(x), 0, 0);
            }
            return x;
        }
        if (block instanceof BasicBlockSpec) {
            throw new IllegalArgumentException("block " + index + ": the search's figures do not cover basic blocks");
        }
        throw new IllegalStateException("block kind " + block.getClass().getSimpleName());
    }

    private int conv(int in, int cout, int k, int stride) {
        return add(Kind.CONV, new int[] {in}, out(h(in), stride), out(w(in), stride), cout, k, stride);
    }

    /** SAME padding: ceil(in / stride). */
    private static int out(int in, int stride) {
        return (in + stride - 1) / stride;
    }

    private int add(Kind kind, int[] inputs, int oh, int ow, int oc, int k, int stride) {
        int in = inputs[0];
        int id = shapes.size();
        shapes.add(new int[] {oh, ow, oc});
        layers.add(new Layer(kind, inputs, id, oh, ow, oc, h(in), w(in), c(in), k, stride));
        return id;
    }

    private int h(int t) {
        return shapes.get(t)[0];
    }

    private int w(int t) {
        return shapes.get(t)[1];
    }

    private int c(int t) {
        return shapes.get(t)[2];
    }
}
