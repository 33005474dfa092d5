package dev.tinyforge.ir.ops;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpDef;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import java.util.Arrays;
import java.util.List;

/** RESHAPE to a fully specified shape with the same number of elements. */
public final class ReshapeDef implements OpDef {
    @Override
    public Class<? extends OpParams> paramsType() {
        return OpParams.Reshape.class;
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
        int[] shape = op.params(OpParams.Reshape.class).shape();
        if (shape.length == 0 || Tensor.elements(shape) != in.get(0).elements() || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
            throw Shapes.error(op, "cannot reshape " + Arrays.toString(in.get(0).shape()) + " to "
                    + Arrays.toString(shape));
        }
        return List.of(shape.clone());
    }
}
