package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.cgen.Requantization;
import dev.tinyforge.exec.FloatMath;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import dev.tinyforge.quant.QuantizePass;
import java.util.List;

/**
 * HARD_SWISH ({@code x·relu6(x+3)/6}) with TFLite's 16-bit multipliers (its HardSwishPrepare: scales
 * in float, Q31 rounded to Q15). TFLite refuses an output scale below input scale / 128, so the
 * calibrated output range is widened when it would be.
 */
public final class HardSwish extends ActivationOp implements FloatReference, QuantizationRule, CEmission {
    public static final HardSwish OP = new HardSwish();

    private HardSwish() {
        super("HARD_SWISH", 117, 1);
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        return FloatMath.map(v.get(0), x -> x * Math.min(6f, Math.max(0f, x + 3f)) / 6f);
    }

    @Override
    public QuantRule outputRule() {
        return QuantRule.CALIBRATED;
    }

    @Override
    public boolean supports16x8() {
        return false; // TFLite's HARD_SWISH has no int16 kernel
    }

    @Override
    public Quant adjustOutput(Quant input, Quant output) {
        return QuantizePass.hardSwishOutput(input, output);
    }

    @Override
    public KernelCall emit(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        float hiresInputScale = (1.0f / 128.0f) * x.quant().scale();
        float reluishScale = 3.0f / 32768.0f;
        Requantization.Multiplier out = Requantization.quantize(hiresInputScale / y.quant().scale());
        Requantization.Multiplier reluish = Requantization.quantize(hiresInputScale / reluishScale);
        if (out.shift() > 0) {
            throw EmitContext.refuse(index, op, "output scale " + y.quant().scale() + " is below input scale / 128 ("
                    + hiresInputScale + "); TFLite rejects such a model too");
        }
        String code = "static const tfg_hard_swish_params params = {" + x.quant().zeroPoint() + ", "
                + y.quant().zeroPoint() + ", " + Requantization.toQ15(out.multiplier()) + ", "
                + Requantization.toQ15(reluish.multiplier()) + ", " + out.shift() + ", " + reluish.shift() + "};\n"
                + "tfg_hard_swish_s8(&params, " + ctx.arena(x.name()) + ", " + x.elements() + ", "
                + ctx.arena(y.name()) + ");";
        return ctx.call(EmitContext.shape(x) + ", x * relu6(x + 3) / 6", code, "tfg_hard_swish_s8");
    }

    @Override
    public int maxVersion() {
        return 1;
    }
}
