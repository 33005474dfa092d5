package dev.tinyforge.ir.ops;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpDef;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import java.util.Arrays;
import java.util.List;

/** TRANSPOSE by a permutation of the dimensions. */
public final class TransposeDef implements OpDef {
    @Override
    public Class<? extends OpParams> paramsType() {
        return OpParams.Transpose.class;
    }

    @Override
    public int minInputs() {
        return 1;
    }

    @Override
    public int maxInputs() {
        return 1;
    }

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        int[] s = in.get(0).shape();
        int[] perm = op.params(OpParams.Transpose.class).perm();
        boolean[] seen = new boolean[s.length];
        boolean ok = perm.length == s.length;
        for (int i = 0; ok && i < perm.length; i++) {
            ok = perm[i] >= 0 && perm[i] < s.length && !seen[perm[i]];
            if (ok) {
                seen[perm[i]] = true;
            }
        }
        if (!ok) {
            throw Shapes.error(op, "perm " + Arrays.toString(perm) + " is not a permutation of " + s.length
                    + " dimensions");
        }
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[perm[i]];
        }
        return List.of(out);
    }
}
