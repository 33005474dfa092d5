package dev.tinyforge.ir.ops;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpDef;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * CONV_2D: input {@code [N,H,W,Cin]}, filter {@code [Cout,Kh,Kw,Cin/groups]}, bias {@code [Cout]}.
 * Grouped convolution follows TFLite: the group count is {@code Cin / filterCin}.
 */
public final class Conv2dDef implements OpDef {
    @Override
    public Class<? extends OpParams> paramsType() {
        return OpParams.Conv2d.class;
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
        OpParams.Conv2d p = op.params(OpParams.Conv2d.class);
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        Shapes.requireRank(op, x, 4, "input");
        Shapes.requireRank(op, w, 4, "filter");
        int cin = x.dim(3);
        int cout = w.dim(0);
        if (cin % w.dim(3) != 0 || cout % (cin / w.dim(3)) != 0) {
            throw Shapes.error(op, "filter " + Arrays.toString(w.shape()) + " does not fit " + cin
                    + " input channels (input channels must be a multiple of the filter's last dimension)");
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
        return (long) y.dim(0) * y.dim(1) * y.dim(2) * y.dim(3) * w.dim(1) * w.dim(2) * w.dim(3);
    }
}
