package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.cgen.Requantization;
import dev.tinyforge.exec.FloatMath;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import java.util.List;

/**
 * LOGISTIC (the sigmoid of squeeze-and-excitation gates): int8 through a 256-entry table computed as
 * TFLite's kernel computes it in float, output scale 1/256 and zero point -128.
 */
public final class Logistic extends ActivationOp implements FloatReference, QuantizationRule, CEmission {
    public static final Logistic OP = new Logistic();

    private Logistic() {
        super("LOGISTIC", 14, 2);
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        return FloatMath.map(v.get(0), x -> (float) (1 / (1 + Math.exp(-x))));
    }

    @Override
    public QuantRule outputRule() {
        return QuantRule.FIXED_UNIT_INTERVAL;
    }

    @Override
    public KernelCall emit(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        float inScale = x.quant().scale();
        float inverse = 1f / y.quant().scale();
        int[] table = new int[256];
        for (int v = -128; v <= 127; v++) {
            float dequantized = inScale * (float) (v - x.quant().zeroPoint());
            float transformed = 1.0f / (1.0f + GlibcMath.expf(-dequantized));
            float rescaled = (float) Requantization.roundHalfAwayFromZero(transformed * inverse);
            int q = (int) (rescaled + y.quant().zeroPoint());
            table[v + 128] = Math.max(-128, Math.min(127, q));
        }
        String name = ctx.int8Table(op.output(), "table", table);
        return ctx.call(EmitContext.shape(x) + ", table of 1/(1+exp(-x))", "tfg_lookup_s8(" + name + ", "
                + ctx.arena(x.name()) + ", " + x.elements() + ", " + ctx.arena(y.name()) + ");", "tfg_lookup_s8");
    }
}
