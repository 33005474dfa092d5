package dev.tinyforge.plan;

import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import java.util.HashSet;
import java.util.Set;

/**
 * Which leading ops may run patch by patch, and the receptive field of each: the geometry half of
 * {@link PatchPlanner}, kept apart so the rules can be read in one place.
 *
 * <p>The stage is a prefix of the graph order (so any DAG of these ops, residual ADDs included) made
 * of ops whose output tile depends only on a spatial window of their inputs ({@link SpatialWindow}:
 * convolutions, pools, PAD, each with its own restrictions) and element-wise ops on equal shapes
 * ({@link ElementwiseOp}). Every tensor the stage makes,
 * except the output of its last op, must be read only inside the stage, and the model input only by
 * the stage: then the rest of the graph needs nothing but the stage output.
 */
final class PatchStage {
    private PatchStage() {
    }

    static boolean elementwise(Op op) {
        return op.kind() instanceof ElementwiseOp;
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
        if (op.kind() instanceof SpatialWindow w) {
            Tensor x = g.tensor(op.input(0));
            if (!int8Image(x)) {
                return "input must be an int8 [1,H,W,C] activation";
            }
            return w.patchRestriction(g, op);
        }
        if (elementwise(op)) {
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
        if (elementwise(op)) {
            return out;
        }
        Tensor x = g.tensor(op.input(input));
        Window w = window(g, op);
        int[] rows = range(out.y0(), out.y1(), x.dim(1), w.kh(), w.sh(), w.dh(), w.padTop());
        int[] cols = range(out.x0(), out.x1(), x.dim(2), w.kw(), w.sw(), w.dw(), w.padLeft());
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

    /** The window of a spatial stage op. */
    static Window window(Graph g, Op op) {
        if (!(op.kind() instanceof SpatialWindow w)) {
            throw new IllegalArgumentException(op.kind() + " has no spatial window");
        }
        return w.window(g, op);
    }
}
