package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import java.util.List;

/**
 * DEQUANTIZE: an int8 (or, in 16x8 mode, int16) model output to float32 (float-I/O models). On float
 * values it is the identity.
 */
public final class Dequantize extends UnaryOp implements FloatReference, QuantizationRule, CEmission {
    public static final Dequantize OP = new Dequantize();

    private Dequantize() {
        super("DEQUANTIZE", 6, 2);
    }

    @Override
    public DType outputType(Op op, List<Tensor> inputs, int index) {
        return DType.FLOAT32;
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        return v.get(0).clone();
    }

    @Override
    public QuantRule outputRule() {
        return QuantRule.FLOAT_OUTPUT;
    }

    @Override
    public int int16Version() {
        return 3;
    }

    @Override
    public boolean emits16x8() {
        return true;
    }

    @Override
    public KernelCall emit(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        if (x.dtype() == DType.INT16) {
            return ctx.call(EmitContext.shape(x) + " int16 -> float32", "tfg_dequantize_s16_f32("
                    + ctx.typedArena(x.name()) + ", " + x.elements() + ", " + EmitContext.floatLiteral(x.quant().scale())
                    + ", " + x.quant().zeroPoint() + ", " + ctx.arena(op.output()) + ");", "tfg_dequantize_s16_f32");
        }
        return ctx.call(EmitContext.shape(x) + " int8 -> float32", "tfg_dequantize_s8_f32(" + ctx.arena(x.name()) + ", "
                + x.elements() + ", " + EmitContext.floatLiteral(x.quant().scale()) + ", " + x.quant().zeroPoint()
                + ", " + ctx.arena(op.output()) + ");", "tfg_dequantize_s8_f32");
    }

    @Override
    public int maxVersion() {
        return 6;
    }
}
