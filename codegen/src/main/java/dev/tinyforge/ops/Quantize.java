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
 * (TFLite's Requantize). In 16x8 mode float32 to int16, int16 to int16 and int16 to int8 (TFLite has no
 * int8 to int16). On float values (a float graph) it is the identity.
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
    public int int16Version() {
        return 2;
    }

    @Override
    public boolean emits16x8() {
        return true;
    }

    @Override
    public KernelCall emit(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        if (x.dtype() == DType.INT16 || y.dtype() == DType.INT16) {
            return emit16x8(ctx, index, op);
        }
        if (x.dtype() == DType.FLOAT32) {
            return ctx.call(EmitContext.shape(x) + " float32 -> int8", "tfg_quantize_f32_s8(" + ctx.arena(x.name())
                    + ", " + x.elements() + ", " + EmitContext.floatLiteral(y.quant().scale()) + ", "
                    + y.quant().zeroPoint() + ", " + ctx.arena(y.name()) + ");", "tfg_quantize_f32_s8");
        }
        Requantization.Multiplier m = Requantization.quantize((double) x.quant().scale() / (double) y.quant().scale());
        return ctx.call(EmitContext.shape(x) + " int8 -> int8, new scale",
                requantize(ctx, x, y, m, new int[] {-128, 127}), "tfg_requantize_s8");
    }

    /** The int16 conversions of TFLite's QUANTIZE: AffineQuantize from float, Requantize from int16. */
    private KernelCall emit16x8(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        if (x.dtype() == DType.FLOAT32) {
            return ctx.call(EmitContext.shape(x) + " float32 -> int16", "tfg_quantize_f32_s16(" + ctx.arena(x.name())
                    + ", " + x.elements() + ", " + EmitContext.floatLiteral(y.quant().scale()) + ", "
                    + y.quant().zeroPoint() + ", " + ctx.typedArena(y.name()) + ");", "tfg_quantize_f32_s16");
        }
        if (x.dtype() != DType.INT16) {
            throw EmitContext.refuse(index, op, x.dtype() + " -> " + y.dtype() + ": TFLite's QUANTIZE takes int16 "
                    + "outputs only from float32 or int16");
        }
        if (y.dtype() == DType.INT16 && (x.quant().zeroPoint() != 0 || y.quant().zeroPoint() != 0)) {
            throw EmitContext.refuse(index, op, "int16 -> int16 with zero points " + x.quant().zeroPoint() + " and "
                    + y.quant().zeroPoint() + ": TFLite needs both 0");
        }
        Requantization.Multiplier m = Requantization.quantize((double) x.quant().scale() / (double) y.quant().scale());
        String kernel = y.dtype() == DType.INT16 ? "tfg_requantize_s16" : "tfg_requantize_s16_s8";
        return ctx.call(EmitContext.shape(x) + " int16 -> " + y.dtype().name().toLowerCase(java.util.Locale.ROOT)
                + ", new scale", kernel + "(" + ctx.typedArena(x.name()) + ", " + x.elements() + ", "
                + x.quant().zeroPoint() + ", " + m.multiplier() + ", " + m.shift() + ", " + y.quant().zeroPoint() + ", "
                + ctx.typedArena(y.name()) + ");", kernel);
    }

    /** Between equal types only (int8 to int8, int16 to int16): element-wise over an input of the same size. */
    @Override
    public InPlace inPlace(Graph g, Op op, Target target) {
        return g.tensor(op.input(0)).dtype() == g.tensor(op.output()).dtype() ? InPlace.elementwise(g, op)
                : InPlace.NONE;
    }

    @Override
    public int maxVersion() {
        return 3;
    }
}
