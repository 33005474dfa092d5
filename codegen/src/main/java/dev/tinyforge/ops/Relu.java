package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.cgen.Requantization;
import dev.tinyforge.exec.FloatMath;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import java.util.List;

/**
 * Standalone RELU and RELU6 (TFLite's ReluX): requantize by input / output scale, clamp to the
 * activation's range. RELU6 is the subclass {@link Relu6}.
 */
public class Relu extends ActivationOp implements FloatReference, QuantizationRule, CEmission {
    public static final Relu OP = new Relu("RELU", 19, Activation.RELU);

    private final Activation activation;

    Relu(String name, int builtinCode, Activation activation) {
        super(name, builtinCode, 2);
        this.activation = activation;
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        return FloatMath.map(v.get(0), activation::apply);
    }

    @Override
    public QuantRule outputRule() {
        return QuantRule.CALIBRATED;
    }

    @Override
    public KernelCall emit(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        // TFLite divides the scales in float, then widens to double
        Requantization.Multiplier m = Requantization.quantize(x.quant().scale() / y.quant().scale());
        int[] range = Requantization.activationRange(activation, y.quant());
        return ctx.call(EmitContext.shape(x), requantize(ctx, x, y, m, range), "tfg_requantize_s8");
    }

    @Override
    public int maxVersion() {
        return 3;
    }
}
