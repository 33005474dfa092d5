package dev.tinyforge.ir.ops;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpDef;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import java.util.List;

/**
 * Unary ops whose output has the input's shape: SOFTMAX, LOGISTIC, HARD_SWISH, RELU, RELU6,
 * QUANTIZE, DEQUANTIZE.
 */
public final class SameShapeDef implements OpDef {
    private final Class<? extends OpParams> paramsType;

    public SameShapeDef() {
        this(OpParams.None.class);
    }

    public SameShapeDef(Class<? extends OpParams> paramsType) {
        this.paramsType = paramsType;
    }

    @Override
    public Class<? extends OpParams> paramsType() {
        return paramsType;
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
        return List.of(in.get(0).shape());
    }
}
