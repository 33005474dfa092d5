package dev.tinyforge.ir.ops;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpDef;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import java.util.Arrays;
import java.util.List;

/** CONCATENATION: all inputs agree on every dimension but the axis. */
public final class ConcatenationDef implements OpDef {
    @Override
    public Class<? extends OpParams> paramsType() {
        return OpParams.Concatenation.class;
    }

    @Override
    public int minInputs() {
        return 1;
    }

    @Override
    public int maxInputs() {
        return Integer.MAX_VALUE;
    }

    /** The axis as a non-negative index for tensors of the given rank. */
    public static int axis(OpParams.Concatenation p, int rank) {
        return p.axis() < 0 ? p.axis() + rank : p.axis();
    }

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        int[] out = in.get(0).shape();
        int axis = axis(op.params(OpParams.Concatenation.class), out.length);
        if (axis < 0 || axis >= out.length) {
            throw Shapes.error(op, "axis " + op.params(OpParams.Concatenation.class).axis()
                    + " is out of range for rank " + out.length);
        }
        for (int i = 1; i < in.size(); i++) {
            int[] s = in.get(i).shape();
            boolean ok = s.length == out.length;
            for (int d = 0; ok && d < s.length; d++) {
                ok = d == axis || s[d] == out[d];
            }
            if (!ok) {
                throw Shapes.error(op, "input " + i + " " + Arrays.toString(s) + " does not match "
                        + Arrays.toString(in.get(0).shape()) + " outside axis " + axis);
            }
            out[axis] += s[axis];
        }
        return List.of(out);
    }
}
