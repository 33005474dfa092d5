package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.cgen.Requantization;
import dev.tinyforge.exec.FloatMath;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import java.util.List;
import dev.tinyforge.tflite.KernelPrepare;

/**
 * LOGISTIC (the sigmoid of squeeze-and-excitation gates): int8 through a 256-entry table computed as
 * TFLite's kernel computes it in float, output scale 1/256 and zero point -128. int16 (16x8 mode) as
 * TFLite's reference integer Logistic, output scale 1/32768 and zero point 0.
 */
public final class Logistic extends ActivationOp implements FloatReference, QuantizationRule, CEmission,
        KernelPrepare {
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
        Tensor y = ctx.tensor(op.output());
        if (x.dtype() == DType.INT16) {
            return emit16x8(ctx, index, op);
        }
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

    /**
     * TFLite's int16 LOGISTIC: its Prepare scales the input to 3 × 2^12 steps per unit (a multiplier
     * doubled while at most 16383.5, then truncated) and its reference kernel interpolates a sigmoid table.
     * An input scale of 2^-12 (within TFLite's CheckedLog2 tolerance) makes TFLite run its gemmlowp
     * fixed-point kernel instead, which the C kernels do not implement.
     */
    private KernelCall emit16x8(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        float scale = x.quant().scale();
        if (x.quant().zeroPoint() != 0 || y.quant().zeroPoint() != 0 || Requantization.checkedLog2(y.quant().scale())
                == null || Requantization.checkedLog2(y.quant().scale()) != -15) {
            throw EmitContext.refuse(index, op, "int16 quantization " + x.quant() + " -> " + y.quant() + ": TFLite's "
                    + "int16 LOGISTIC needs zero points 0 and output scale 1/32768");
        }
        Integer log2 = Requantization.checkedLog2(scale);
        if (log2 != null && 12 + log2 == 0) {
            throw EmitContext.refuse(index, op, "input scale " + scale + " is 2^-12: TFLite then runs its gemmlowp "
                    + "fixed-point int16 LOGISTIC, which the C kernels do not implement");
        }
        double multiplier = (double) scale * 4096.0 * 3.0;
        int leftShift = 0;
        while (multiplier <= 32767.0 / 2.0 && leftShift <= 30) {
            leftShift++;
            multiplier *= 2.0;
        }
        return ctx.call(EmitContext.shape(x) + " int16, interpolated sigmoid table", "tfg_logistic_s16("
                + (int) multiplier + ", " + leftShift + ", " + ctx.typedArena(x.name()) + ", " + x.elements() + ", "
                + ctx.typedArena(y.name()) + ");", "tfg_logistic_s16");
    }

    @Override
    public int maxVersion() {
        return 3;
    }

    /**
     * activations.cc SigmoidPrepare: an int8 output has scale exactly 1/256 and zero point -128; in 16x8 mode
     * input and output have zero point 0 and the output scale is exactly 1/32768.
     */
    @Override
    public String prepareProblem(Op op, List<Tensor> in, Tensor out) {
        Tensor x = in.get(0);
        String p = PrepareChecks.first(PrepareChecks.sameType(x, out), PrepareChecks.hasQuantization(x, "input"));
        if (p != null || !PrepareChecks.quantized(x)) {
            return p;
        }
        if (x.dtype() == DType.INT16) {
            return PrepareChecks.first(PrepareChecks.int16ZeroPoint(x, "input"),
                    PrepareChecks.fixedOutput(out, 1f / 32768, 0, "1/32768"));
        }
        return PrepareChecks.fixedOutput(out, 1f / 256, -128, "1/256");
    }
}
