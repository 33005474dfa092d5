package dev.tinyforge.train;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ops.Pool2d;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * AVERAGE_POOL_2D and MAX_POOL_2D with TFLite's SAME padding: padding never enters a maximum, and an
 * average divides by the number of in-bounds values only (a window sum over the zero-padded input,
 * divided by the same sum over ones), then the fused activation.
 */
final class PoolLowering implements OpLowering {
    private final boolean max;

    PoolLowering(boolean max) {
        this.max = max;
    }

    @Override
    public TorchLayer lower(Op op, LoweringContext ctx) {
        Pool2d.Params p = op.params(Pool2d.Params.class);
        int[] in = ctx.shape(op.input(0));
        SamePadding pad = SamePadding.of(p.padding(), in[1], in[2], p.filterH(), p.filterW(), p.strideH(),
                p.strideW(), 1, 1);
        long[] kernel = {p.filterH(), p.filterW()};
        long[] stride = {p.strideH(), p.strideW()};
        long[] none = {0, 0};
        Operand x = ctx.operand(op, op.input(0));
        if (max) {
            return (activations, training) -> {
                Tensor v = x.in(activations);
                Tensor padded = pad.isZero() ? v : pad.pad(v, Double.NEGATIVE_INFINITY);
                return FusedActivation.apply(torch.max_pool2d(padded, kernel, stride, none, new long[] {1, 1}, false),
                        p.activation());
            };
        }
        if (pad.isZero()) {
            return (activations, training) -> FusedActivation.apply(
                    torch.avg_pool2d(x.in(activations), kernel, stride, none, false, true, new LongOptional()),
                    p.activation());
        }
        Tensor counts = windowSums(pad.pad(torch.ones(1, 1, in[1], in[2]), 0), kernel, stride);
        return (activations, training) -> FusedActivation.apply(
                windowSums(pad.pad(x.in(activations), 0), kernel, stride).div(counts), p.activation());
    }

    private static Tensor windowSums(Tensor x, long[] kernel, long[] stride) {
        return torch.avg_pool2d(x, kernel, stride, new long[] {0, 0}, false, true, new LongOptional(1));
    }
}
