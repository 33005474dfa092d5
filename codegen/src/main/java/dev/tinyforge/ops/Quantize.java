package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.cgen.Requantization;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.ElementwiseOp;
import dev.tinyforge.plan.InPlace;
import dev.tinyforge.plan.MemoryRule;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import dev.tinyforge.target.Target;
import java.util.List;

/**
 * QUANTIZE: a float32 model input to int8 (float-I/O models), or int8 to int8 with a new scale
 * (TFLite's Requantize). On float values (a float graph) it is the identity.
 */
public final class Quantize extends UnaryOp implements FloatReference, QuantizationRule, CEmission, MemoryRule,
        ElementwiseOp {
    public static final Quantize OP = new Quantize();

    private Quantize() {
        super("QUANTIZE", 114, 1);
    }

    @Override
    public DType outputType(Op op, List<Tensor> inputs, int index) {
        return DType.INT8;
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        return v.get(0).clone();
    }

    @Override
    public QuantRule outputRule() {
        return QuantRule.CALIBRATED;
    }

    @Override
    public KernelCall emit(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        if (x.dtype() == DType.FLOAT32) {
            return ctx.call(EmitContext.shape(x) + " float32 -> int8", "tfg_quantize_f32_s8(" + ctx.arena(x.name())
                    + ", " + x.elements() + ", " + EmitContext.floatLiteral(y.quant().scale()) + ", "
                    + y.quant().zeroPoint() + ", " + ctx.arena(y.name()) + ");", "tfg_quantize_f32_s8");
        }
        Requantization.Multiplier m = Requantization.quantize((double) x.quant().scale() / (double) y.quant().scale());
        return ctx.call(EmitContext.shape(x) + " int8 -> int8, new scale",
                requantize(ctx, x, y, m, new int[] {-128, 127}), "tfg_requantize_s8");
    }

    /** int8 to int8 only: element-wise over an input of the same type and size. */
    @Override
    public InPlace inPlace(Graph g, Op op, Target target) {
        return g.tensor(op.input(0)).dtype() == g.tensor(op.output()).dtype() ? InPlace.elementwise(g, op)
                : InPlace.NONE;
    }
}
