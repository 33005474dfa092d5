package dev.tinyforge.ir.ops;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpDef;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import java.util.List;

/** AVERAGE_POOL_2D and MAX_POOL_2D on NHWC tensors. */
public final class Pool2dDef implements OpDef {
    @Override
    public Class<? extends OpParams> paramsType() {
        return OpParams.Pool2d.class;
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
        OpParams.Pool2d p = op.params(OpParams.Pool2d.class);
        Tensor x = in.get(0);
        Shapes.requireRank(op, x, 4, "input");
        int[] hw = Shapes.spatialOut(op, x, p.filterH(), p.filterW(), p.strideH(), p.strideW(), 1, 1, p.padding());
        return List.of(new int[] {x.dim(0), hw[0], hw[1], x.dim(3)});
    }
}
