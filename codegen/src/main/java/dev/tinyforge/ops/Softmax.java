package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.cgen.Requantization;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import dev.tinyforge.tflite.TfliteOptions;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;
import dev.tinyforge.tflite.KernelPrepare;

/**
 * SOFTMAX over the last axis. int8 as TFLite computes it: a 256-entry float table of
 * {@code exp(-scale·beta·v)}, output scale 1/256 and zero point -128. int16 (16x8 mode) as TFLite's
 * SoftmaxInt16: integer arithmetic with two 513-entry int16 tables ({@code exp} on [-10, 0] and
 * {@code 1/(1+x)} on [0, 1], the same for every model), output scale 1/32768 and zero point 0.
 */
public final class Softmax extends UnaryOp implements FloatReference, QuantizationRule, CEmission,
        KernelPrepare {
    public static final Softmax OP = new Softmax();

    /** The attributes: the inverse temperature. */
    public record Params(float beta) implements OpParams {
    }

    /** TFLite's int16 exp table: exp(x) for x in [-10, 0], input recentred to [-32768, 32767]. */
    private static final int[] EXP_LUT = Requantization.lutInt16(10.0 / 65535, Short.MAX_VALUE, 2.0 / 65535, 0,
            StrictMath::exp);
    /** TFLite's int16 reciprocal table: 1 / (1 + x) for x in [0, 1]. */
    private static final int[] ONE_OVER_ONE_PLUS_X_LUT = Requantization.lutInt16(1.0 / 65535, Short.MIN_VALUE,
            2.0 / 65535, 0, x -> 1.0 / (1.0 + x));

    private Softmax() {
        super("SOFTMAX", 25, 2, Params.class);
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
    public BuiltinOptionsUnion writeOptions(Op op) {
        SoftmaxOptionsT o = new SoftmaxOptionsT();
        o.setBeta(op.params(Params.class).beta());
        return TfliteOptions.union(BuiltinOptions.SoftmaxOptions, o);
    }

    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        return new Params(TfliteOptions.options(op, SoftmaxOptionsT.class).getBeta());
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        float beta = op.params(Params.class).beta();
        float[] xs = v.get(0);
        int depth = out.dim(-1);
        float[] y = new float[xs.length];
        for (int r = 0; r < xs.length / depth; r++) {
            int base = r * depth;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < depth; i++) {
                max = Math.max(max, xs[base + i]);
            }
            float sum = 0;
            for (int i = 0; i < depth; i++) {
                y[base + i] = (float) Math.exp((xs[base + i] - max) * beta);
                sum += y[base + i];
            }
            for (int i = 0; i < depth; i++) {
                y[base + i] /= sum;
            }
        }
        return y;
    }

    @Override
    public QuantRule outputRule() {
        return QuantRule.FIXED_UNIT_INTERVAL;
    }

    @Override
    public KernelCall emit(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        float beta = op.params(Params.class).beta();
        if (x.dtype() == DType.INT16) {
            return emit16x8(ctx, index, op);
        }
        float scale = -x.quant().scale() * beta;
        int[] bits = new int[256];
        for (int v = 0; v <= 255; v++) {
            bits[255 - v] = Float.floatToIntBits(GlibcMath.expf(scale * v));
        }
        String table = ctx.floatTable(op.output(), "exp", bits);
        int depth = y.dim(-1);
        String code = "tfg_softmax_s8(" + table + ", " + (y.elements() / depth) + ", " + depth + ", "
                + EmitContext.floatLiteral(y.quant().scale()) + ", " + y.quant().zeroPoint() + ", "
                + ctx.arena(x.name()) + ", " + ctx.arena(y.name()) + ");";
        return ctx.call(EmitContext.shape(x) + ", beta " + beta, code, "tfg_softmax_s8");
    }

    /**
     * TFLite's int16 SOFTMAX (reference SoftmaxInt16): input scale × beta rescaled so that 65535 steps are
     * 10.0 (the product of the two floats in float, the division in double), and the two fixed tables.
     */
    private KernelCall emit16x8(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        float beta = op.params(Params.class).beta();
        if (x.rank() < 1 || x.rank() > 4) {
            throw EmitContext.refuse(index, op, "TFLite's int16 SOFTMAX takes tensors of rank 1 to 4, this one has "
                    + x.rank());
        }
        if (Math.abs(y.quant().scale() - 1f / 32768) > 0.001f / 32768 || y.quant().zeroPoint() != 0) {
            throw EmitContext.refuse(index, op, "int16 output quantization " + y.quant() + ": TFLite's int16 SOFTMAX "
                    + "needs scale 1/32768 and zero point 0");
        }
        Requantization.Multiplier m = Requantization.quantize((double) (x.quant().scale() * beta) / (10.0 / 65535.0));
        String exp = ctx.int16Table("softmax", "exp_lut", EXP_LUT);
        String reciprocal = ctx.int16Table("softmax", "one_over_one_plus_x_lut", ONE_OVER_ONE_PLUS_X_LUT);
        int depth = y.dim(-1);
        String code = "static const tfg_softmax_s16_params params = {" + m.multiplier() + ", " + m.shift() + ", " + exp
                + ", " + reciprocal + "};\n"
                + "tfg_softmax_s16(&params, " + (y.elements() / depth) + ", " + depth + ", " + ctx.typedArena(x.name())
                + ", " + ctx.typedArena(y.name()) + ");";
        return ctx.call(EmitContext.shape(x) + " int16, beta " + beta, code, "tfg_softmax_s16");
    }

    @Override
    public int maxVersion() {
        return 3;
    }

    /**
     * activations.cc SoftmaxPrepare: an int8 output has zero point -128 and scale 1/256, an int16 one zero point 0
     * and scale 1/32768 (each within a thousandth of a step).
     */
    @Override
    public String prepareProblem(Op op, List<Tensor> in, Tensor out) {
        Tensor x = in.get(0);
        String p = PrepareChecks.first(PrepareChecks.sameType(x, out), PrepareChecks.hasQuantization(x, "input"));
        if (p != null || !PrepareChecks.quantized(x)) {
            return p;
        }
        boolean wide = x.dtype() == DType.INT16;
        float scale = wide ? 1f / 32768 : 1f / 256;
        long zeroPoint = wide ? 0 : -128;
        String text = wide ? "1/32768" : "1/256";
        if (out.quant() == null || out.quant().zeroPoint() != zeroPoint) {
            return PrepareChecks.fixedOutput(out, scale, zeroPoint, text);
        }
        float delta = Math.abs(out.quant().scale() - scale);
        return delta > 0.001f * scale ? PrepareChecks.fixedOutput(out, scale, zeroPoint, text + " (within 0.1%)")
                : null;
    }
}
