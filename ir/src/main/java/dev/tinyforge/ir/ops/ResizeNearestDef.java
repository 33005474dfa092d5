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

    /**
     * TFLite's source index for output row or column {@code outIndex}, computed in float exactly as
     * TFLite's {@code GetNearestNeighbor} does: the float reference, the int8 kernel tables of the C
     * backend and TFLite itself must agree on it.
     */
    public static int sourceIndex(int outIndex, int inSize, int outSize, boolean alignCorners,
            boolean halfPixelCenters) {
        float scale = (alignCorners && outSize > 1) ? (inSize - 1) / (float) (outSize - 1) : inSize / (float) outSize;
        float offset = halfPixelCenters ? 0.5f : 0f;
        float pos = (outIndex + offset) * scale;
        int src = alignCorners ? (int) Math.round((double) pos) : (int) Math.floor(pos);
        src = Math.min(src, inSize - 1);
        return halfPixelCenters ? Math.max(0, src) : src;
    }
}
