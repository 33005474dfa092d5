package dev.tinyforge.plan;

import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpKind;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Which leading ops may run patch by patch, and the receptive field of each: the geometry half of
 * {@link PatchPlanner}, kept apart so the rules can be read in one place.
 *
 * <p>The stage is a prefix of the graph order (so any DAG of these ops, residual ADDs included) made
 * of ops whose output tile depends only on a spatial window of their inputs: CONV_2D (not grouped),
 * DEPTHWISE_CONV_2D, AVERAGE/MAX_POOL_2D, PAD of height and width, and element-wise ops on equal
 * shapes (ADD, MUL, RELU, RELU6, HARD_SWISH, LOGISTIC, int8 QUANTIZE). Every tensor the stage makes,
 * except the output of its last op, must be read only inside the stage, and the model input only by
 * the stage: then the rest of the graph needs nothing but the stage output.
 */
final class PatchStage {
    private static final Set<OpKind> SPATIAL = EnumSet.of(OpKind.CONV_2D, OpKind.DEPTHWISE_CONV_2D,
            OpKind.AVERAGE_POOL_2D, OpKind.MAX_POOL_2D, OpKind.PAD);
    private static final Set<OpKind> ELEMENTWISE = EnumSet.of(OpKind.ADD, OpKind.MUL, OpKind.RELU, OpKind.RELU6,
            OpKind.HARD_SWISH, OpKind.LOGISTIC, OpKind.QUANTIZE);

    private PatchStage() {
    }

    static boolean elementwise(Op op) {
        return ELEMENTWISE.contains(op.kind());
    }

    /** Why the first {@code n} ops cannot form a patch stage, or {@code null} when they can. */
    static String illegal(Graph g, int n) {
        if (n < 1 || n >= g.ops().size()) {
            return "the patch stage needs 1 to " + (g.ops().size() - 1) + " ops, got " + n;
        }
        if (g.inputs().size() != 1 || !int8Image(g.input(0))) {
            return "the model input must be one int8 [1,H,W,C] tensor";
        }
        Set<String> made = new HashSet<>(g.inputs());
        for (int i = 0; i < n; i++) {
            Op op = g.ops().get(i);
            String why = illegalOp(g, op);
            if (why != null) {
                return "op " + i + " " + op.kind() + " '" + op.output() + "': " + why;
            }
            made.add(op.output());
        }
        String last = g.ops().get(n - 1).output();
        for (int i = n; i < g.ops().size(); i++) {
            Op op = g.ops().get(i);
            for (String in : op.inputs()) {
                if (made.contains(in) && !in.equals(last)) {
                    return "op " + i + " " + op.kind() + " after the stage reads '" + in + "' from inside it";
                }
            }
        }
        for (String out : g.outputs()) {
            if (made.contains(out)) {
                return "model output '" + out + "' is made inside the stage";
            }
        }
        return null;
    }

    private static boolean int8Image(Tensor t) {
        return t.dtype() == DType.INT8 && t.rank() == 4 && t.dim(0) == 1 && !t.isConstant();
    }

    private static String illegalOp(Graph g, Op op) {
        Tensor y = g.tensor(op.output());
        if (op.outputs().size() != 1 || !int8Image(y)) {
            return "the stage takes ops with one int8 [1,H,W,C] output";
        }
        if (SPATIAL.contains(op.kind())) {
            Tensor x = g.tensor(op.input(0));
            if (!int8Image(x)) {
                return "input must be an int8 [1,H,W,C] activation";
            }
            if (op.kind() == OpKind.CONV_2D && g.tensor(op.input(1)).dim(3) != x.dim(3)) {
                return "grouped convolution";
            }
            if (op.kind() == OpKind.PAD) {
                int[] p = op.params(OpParams.Pad.class).paddings();
                if (p[0] != 0 || p[1] != 0 || p[6] != 0 || p[7] != 0) {
                    return "pads batch or channels";
                }
            }
            return null;
        }
        if (ELEMENTWISE.contains(op.kind())) {
            for (String in : op.inputs()) {
                Tensor x = g.tensor(in);
                if (!int8Image(x) || !java.util.Arrays.equals(x.shape(), y.shape())) {
                    return "element-wise input '" + in + "' is not an int8 activation of the output's shape";
                }
            }
            return null;
        }
        return op.kind() + " is not a spatial or element-wise op";
    }

    /**
     * The rectangle of input {@code input} that output tile {@code out} needs: the receptive field,
     * clipped to the input (positions outside it are padding and the kernels skip them); never empty.
     */
    static TileRect need(Graph g, Op op, int input, TileRect out) {
        if (ELEMENTWISE.contains(op.kind())) {
            return out;
        }
        Tensor x = g.tensor(op.input(input));
        int[] w = window(g, op);
        int[] rows = range(out.y0(), out.y1(), x.dim(1), w[0], w[2], w[4], w[6]);
        int[] cols = range(out.x0(), out.x1(), x.dim(2), w[1], w[3], w[5], w[7]);
        return new TileRect(rows[0], rows[1], cols[0], cols[1]);
    }

    /**
     * Input rows {@code [lo, hi)} read by output rows {@code [o0, o1)}: from o0·s − p to
     * (o1−1)·s − p + (k−1)·d + 1, clipped to {@code [0, size)}; at least one row.
     */
    private static int[] range(int o0, int o1, int size, int k, int s, int d, int p) {
        int lo = Math.max(0, o0 * s - p);
        int hi = Math.min(size, (o1 - 1) * s - p + (k - 1) * d + 1);
        if (hi <= lo) { // the whole tile lies in padding: keep one row, which the kernel will not read
            lo = Math.min(lo, size - 1);
            hi = lo + 1;
        }
        return new int[] {lo, hi};
    }

    /**
     * Window of a spatial op as {kh, kw, sh, sw, dh, dw, padTop, padLeft}; PAD is a 1×1 window whose
     * padding is its own.
     */
    static int[] window(Graph g, Op op) {
        Tensor x = g.tensor(op.input(0));
        switch (op.kind()) {
            case CONV_2D: {
                OpParams.Conv2d p = op.params(OpParams.Conv2d.class);
                Tensor f = g.tensor(op.input(1));
                return window(x, f.dim(1), f.dim(2), p.strideH(), p.strideW(), p.dilationH(), p.dilationW(),
                        p.padding());
            }
            case DEPTHWISE_CONV_2D: {
                OpParams.DepthwiseConv2d p = op.params(OpParams.DepthwiseConv2d.class);
                Tensor f = g.tensor(op.input(1));
                return window(x, f.dim(1), f.dim(2), p.strideH(), p.strideW(), p.dilationH(), p.dilationW(),
                        p.padding());
            }
            case AVERAGE_POOL_2D:
            case MAX_POOL_2D: {
                OpParams.Pool2d p = op.params(OpParams.Pool2d.class);
                return window(x, p.filterH(), p.filterW(), p.strideH(), p.strideW(), 1, 1, p.padding());
            }
            case PAD: {
                int[] p = op.params(OpParams.Pad.class).paddings();
                return new int[] {1, 1, 1, 1, 1, 1, p[2], p[4]};
            }
            default:
                throw new IllegalArgumentException(op.kind() + " has no spatial window");
        }
    }

    private static int[] window(Tensor x, int kh, int kw, int sh, int sw, int dh, int dw, Padding padding) {
        return new int[] {kh, kw, sh, sw, dh, dw, padding.padBefore(x.dim(1), kh, sh, dh),
            padding.padBefore(x.dim(2), kw, sw, dw)};
    }
}
