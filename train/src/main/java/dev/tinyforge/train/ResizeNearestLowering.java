package dev.tinyforge.train;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ops.ResizeNearestNeighbor;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * RESIZE_NEAREST_NEIGHBOR as two index selections with TFLite's own source indices
 * ({@link ResizeNearestNeighbor#sourceIndex}), so every alignment mode matches exactly.
 */
final class ResizeNearestLowering implements OpLowering {
    @Override
    public TorchLayer lower(Op op, LoweringContext ctx) {
        ResizeNearestNeighbor.Params p = op.params(ResizeNearestNeighbor.Params.class);
        int[] in = ctx.shape(op.input(0));
        Tensor rows = indices(in[1], p.height(), p);
        Tensor cols = indices(in[2], p.width(), p);
        Operand x = ctx.operand(op, op.input(0));
        return (activations, training) -> torch.index_select(torch.index_select(x.in(activations), 2, rows), 3,
                cols);
    }

    private static Tensor indices(int inSize, int outSize, ResizeNearestNeighbor.Params p) {
        long[] idx = new long[outSize];
        for (int i = 0; i < outSize; i++) {
            idx[i] = ResizeNearestNeighbor.sourceIndex(i, inSize, outSize, p.alignCorners(), p.halfPixelCenters());
        }
        return Tensor.create(idx, outSize);
    }
}
