package dev.tinyforge.ir.ops;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpDef;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import java.util.List;

/** RESIZE_NEAREST_NEIGHBOR of an NHWC tensor to a new height and width. */
public final class ResizeNearestDef implements OpDef {
    @Override
    public Class<? extends OpParams> paramsType() {
        return OpParams.ResizeNearest.class;
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
        OpParams.ResizeNearest p = op.params(OpParams.ResizeNearest.class);
        Tensor x = in.get(0);
        Shapes.requireRank(op, x, 4, "input");
        Shapes.requirePositive(op, "output size", p.height(), p.width());
        return List.of(new int[] {x.dim(0), p.height(), p.width(), x.dim(3)});
    }
}
