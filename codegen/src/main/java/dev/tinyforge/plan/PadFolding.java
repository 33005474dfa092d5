package dev.tinyforge.plan;

import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.FoldedPadding;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.Pad;
import java.util.ArrayList;
import java.util.List;

/**
 * The lowering before planning that folds an explicit PAD into the int8 convolutions it feeds, as
 * TinyEngine does: the convolution reads the unpadded tensor and pads by itself (its kernels treat
 * every tap outside the input as the input zero point, which is what PAD writes), so the padded copy
 * is neither computed nor given arena space. The {@code .tflite} is untouched: TFLite runs the PAD,
 * the C gives the same bytes without it.
 *
 * <p>A PAD is folded only when that is exactly equal: int8 with equal input and output quantization
 * (PAD's value is then the input zero point), padding only height and width of a rank-4 tensor, its
 * output no graph output and read by nothing but the first input of int8 CONV_2D and
 * DEPTHWISE_CONV_2D ops. Pools are never folded: AVERAGE_POOL_2D divides by the taps inside the input
 * and MAX_POOL_2D ignores padding, where a PAD's zero points count. Every other PAD stays.
 */
public final class PadFolding {
    private PadFolding() {
    }

    /** The graph with every foldable PAD folded into its consumers, or {@code g} itself when there is none. */
    public static Graph fold(Graph g) {
        Graph current = g;
        for (Op op : g.ops()) {
            if (op.kind() == Pad.OP && whyNot(current, op) == null) {
                current = foldOne(current, op);
            }
        }
        return current;
    }

    /** Why {@code pad} (a PAD of {@code g}) cannot be folded, or {@code null} when it can. */
    public static String whyNot(Graph g, Op pad) {
        Tensor x = g.tensor(pad.input(0));
        Tensor y = g.tensor(pad.output());
        if (x.dtype() != DType.INT8 || y.dtype() != DType.INT8) {
            return "not int8";
        }
        if (!sameQuant(x.quant(), y.quant())) {
            return "its pad value (the output zero point) is not the input zero point";
        }
        int[] p = pad.params(Pad.Params.class).paddings();
        if (x.rank() != 4 || p.length != 8) {
            return "not a rank-4 tensor";
        }
        if (p[0] != 0 || p[1] != 0 || p[6] != 0 || p[7] != 0) {
            return "pads batch or channels";
        }
        if (g.outputs().contains(y.name())) {
            return "its output is a graph output";
        }
        List<Op> consumers = g.consumers(y.name());
        if (consumers.isEmpty()) {
            return "its output is not read";
        }
        for (Op c : consumers) {
            boolean conv = c.kind() == Conv2d.OP || c.kind() == DepthwiseConv2d.OP;
            if (!conv || c.inputs().indexOf(y.name()) != 0 || c.inputs().lastIndexOf(y.name()) != 0) {
                return "read by " + c.kind().name() + " '" + c.output() + "', not only as a convolution's input";
            }
        }
        return null;
    }

    private static boolean sameQuant(Quant a, Quant b) {
        return a != null && b != null && a.scale() == b.scale() && a.zeroPoint() == b.zeroPoint();
    }

    private static Graph foldOne(Graph g, Op pad) {
        int[] p = pad.params(Pad.Params.class).paddings();
        FoldedPadding add = new FoldedPadding(p[2], p[3], p[4], p[5]);
        String padded = pad.output();
        String source = pad.input(0);
        List<Op> ops = new ArrayList<>();
        for (Op op : g.ops()) {
            if (op == pad) {
                continue;
            }
            if (op.inputs().contains(padded)) {
                List<String> in = new ArrayList<>(op.inputs());
                in.set(0, source);
                ops.add(new Op(op.kind(), in, op.outputs(), withFolded(op, add)));
            } else {
                ops.add(op);
            }
        }
        List<Tensor> tensors = new ArrayList<>();
        for (Tensor t : g.tensors()) {
            if (!t.name().equals(padded)) {
                tensors.add(t);
            }
        }
        return new Graph(g.name(), tensors, ops, g.inputs(), g.outputs(), g.metadata());
    }

    private static OpParams withFolded(Op op, FoldedPadding add) {
        if (op.kind() == Conv2d.OP) {
            Conv2d.Params c = op.params(Conv2d.Params.class);
            return new Conv2d.Params(c.strideH(), c.strideW(), c.dilationH(), c.dilationW(), c.padding(),
                    c.activation(), c.folded().plus(add));
        }
        DepthwiseConv2d.Params d = op.params(DepthwiseConv2d.Params.class);
        return new DepthwiseConv2d.Params(d.strideH(), d.strideW(), d.dilationH(), d.dilationW(), d.padding(),
                d.depthMultiplier(), d.activation(), d.folded().plus(add));
    }
}
