package dev.tinyforge.ir.ops;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpDef;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import java.util.Arrays;
import java.util.List;

/** PAD with zeros (the zero point for int8 tensors). */
public final class PadDef implements OpDef {
    @Override
    public Class<? extends OpParams> paramsType() {
        return OpParams.Pad.class;
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
        int[] p = op.params(OpParams.Pad.class).paddings();
        if (p.length != 2 * s.length) {
            throw Shapes.error(op, "paddings need 2 values per dimension (" + 2 * s.length + "), got "
                    + Arrays.toString(p));
        }
        for (int d = 0; d < s.length; d++) {
            if (p[2 * d] < 0 || p[2 * d + 1] < 0) {
                throw Shapes.error(op, "paddings must be non-negative, got " + Arrays.toString(p));
            }
            s[d] += p[2 * d] + p[2 * d + 1];
        }
        return List.of(s);
    }
}
