package dev.tinyforge.ir.ops;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpDef;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * FULLY_CONNECTED: weights {@code [Cout,Cin]}, bias {@code [Cout]}; the input is read as
 * {@code [elements/Cin, Cin]} as TFLite does, and the output is {@code [elements/Cin, Cout]}.
 */
public final class FullyConnectedDef implements OpDef {
    @Override
    public Class<? extends OpParams> paramsType() {
        return OpParams.FullyConnected.class;
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
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        Shapes.requireRank(op, w, 2, "weights");
        int cin = w.dim(1);
        if (x.elements() % cin != 0) {
            throw Shapes.error(op, "input " + Arrays.toString(x.shape()) + " is not a whole number of rows of "
                    + cin + " (the weights' second dimension)");
        }
        if (in.get(2).elements() != w.dim(0)) {
            throw Shapes.error(op, "bias must have " + w.dim(0) + " elements, got "
                    + Arrays.toString(in.get(2).shape()));
        }
        return List.of(new int[] {(int) (x.elements() / cin), w.dim(0)});
    }

    @Override
    public long macs(Op op, List<Tensor> in, List<Tensor> out) {
        Tensor w = in.get(1);
        return (long) out.get(0).dim(0) * w.dim(0) * w.dim(1);
    }
}
