package dev.tinyforge.ir.ops;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpDef;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * DEPTHWISE_CONV_2D: input {@code [N,H,W,C]}, filter {@code [1,Kh,Kw,C*M]}, bias {@code [C*M]};
 * output channel {@code c*M+m} reads input channel {@code c}.
 */
public final class DepthwiseConv2dDef implements OpDef {
    @Override
    public Class<? extends OpParams> paramsType() {
        return OpParams.DepthwiseConv2d.class;
    }

    @Override
    public int minInputs() {
        return 3;
    }

    @Override
    public int maxInputs() {
        return 3;
    }

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        OpParams.DepthwiseConv2d p = op.params(OpParams.DepthwiseConv2d.class);
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        Shapes.requireRank(op, x, 4, "input");
        Shapes.requireRank(op, w, 4, "filter");
        Shapes.requirePositive(op, "depth multiplier", p.depthMultiplier());
        int cout = x.dim(3) * p.depthMultiplier();
        if (w.dim(0) != 1 || w.dim(3) != cout) {
            throw Shapes.error(op, "filter must be [1,Kh,Kw," + cout + "] for " + x.dim(3)
                    + " channels with multiplier " + p.depthMultiplier() + ", got " + Arrays.toString(w.shape()));
        }
        if (in.get(2).elements() != cout) {
            throw Shapes.error(op, "bias must have " + cout + " elements, got " + Arrays.toString(in.get(2).shape()));
        }
        int[] hw = Shapes.spatialOut(op, x, w.dim(1), w.dim(2), p.strideH(), p.strideW(), p.dilationH(),
                p.dilationW(), p.padding());
        return List.of(new int[] {x.dim(0), hw[0], hw[1], cout});
    }

    @Override
    public long macs(Op op, List<Tensor> in, List<Tensor> out) {
        Tensor w = in.get(1);
        Tensor y = out.get(0);
        return (long) y.dim(0) * y.dim(1) * y.dim(2) * y.dim(3) * w.dim(1) * w.dim(2);
    }
}
