package dev.tinyforge.ir.ops;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpDef;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** MEAN over a set of axes (global average pooling is MEAN over axes 1 and 2). */
public final class MeanDef implements OpDef {
    @Override
    public Class<? extends OpParams> paramsType() {
        return OpParams.Mean.class;
    }

    @Override
    public int minInputs() {
        return 1;
    }

    @Override
    public int maxInputs() {
        return 1;
    }

    /** Which axes of a rank-{@code rank} tensor are reduced. */
    public static boolean[] reduced(OpParams.Mean p, int rank) {
        boolean[] r = new boolean[rank];
        for (int a : p.axes()) {
            int ax = a < 0 ? a + rank : a;
            if (ax < 0 || ax >= rank) {
                return null;
            }
            r[ax] = true;
        }
        return r;
    }

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        OpParams.Mean p = op.params(OpParams.Mean.class);
        int[] s = in.get(0).shape();
        boolean[] r = reduced(p, s.length);
        if (r == null || p.axes().length == 0) {
            throw Shapes.error(op, "axes " + Arrays.toString(p.axes()) + " are not valid for rank " + s.length);
        }
        List<Integer> out = new ArrayList<>();
        for (int d = 0; d < s.length; d++) {
            if (!r[d]) {
                out.add(s[d]);
            } else if (p.keepDims()) {
                out.add(1);
            }
        }
        if (out.isEmpty()) {
            out.add(1);
        }
        return List.of(out.stream().mapToInt(Integer::intValue).toArray());
    }
}
