package dev.tinyforge.ir.ops;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpDef;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import java.util.Arrays;
import java.util.List;

/** ADD and MUL with NumPy broadcasting (used by residuals and squeeze-excitation gates). */
public final class ElementwiseDef implements OpDef {
    @Override
    public Class<? extends OpParams> paramsType() {
        return OpParams.Elementwise.class;
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return 2;
    }

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        int[] a = in.get(0).shape();
        int[] b = in.get(1).shape();
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw Shapes.error(op, "shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast");
            }
            out[i] = Math.max(da, db);
        }
        return List.of(out);
    }
}
