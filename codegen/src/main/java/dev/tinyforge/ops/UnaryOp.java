package dev.tinyforge.ops;

import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.Requantization;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.OperatorT;

/**
 * What one-input ops whose output has the input's shape share (activations, SOFTMAX, QUANTIZE,
 * DEQUANTIZE): the shape rule, the builtin code and version, no builtin options unless the op has
 * attributes, and TFLite's int8 requantization call.
 */
public abstract class UnaryOp extends BuiltinOp {
    UnaryOp(String name, int builtinCode, int int8Version) {
        this(name, builtinCode, int8Version, OpParams.None.class);
    }

    UnaryOp(String name, int builtinCode, int int8Version, Class<? extends OpParams> paramsType) {
        super(name, builtinCode, int8Version, paramsType, 1, 1);
    }

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        return List.of(in.get(0).shape());
    }

    /** No options: TFLite's converter writes these ops without any. */
    @Override
    public BuiltinOptionsUnion writeOptions(Op op) {
        return null;
    }

    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        return new OpParams.None();
    }

    /** TFLite's int8 requantization of every element: {@code tfg_requantize_s8}. */
    static String requantize(EmitContext ctx, Tensor x, Tensor y, Requantization.Multiplier m, int[] range) {
        return "tfg_requantize_s8(" + ctx.arena(x.name()) + ", " + x.elements() + ", " + x.quant().zeroPoint() + ", "
                + m.multiplier() + ", " + m.shift() + ", " + y.quant().zeroPoint() + ", " + range[0] + ", " + range[1]
                + ", " + ctx.arena(y.name()) + ");";
    }
}
