package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import dev.tinyforge.tflite.TfliteOptions;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.LogSoftmaxOptionsT;
import org.tensorflow.lite.schema.OperatorT;

/**
 * LOG_SOFTMAX over the last axis ({@code x - max - log(sum(exp(x - max)))}), the last layer of
 * classifiers trained with a negative log-likelihood loss (TinyEngine's MNIST LeNet-300-100). int8 as
 * TFLite's built-in kernel computes it: a float sum of {@code exp(input_scale * (x - max))} from a
 * 256-entry table, the float log of that sum, rounded to the output scale 16/256 with zero point 127
 * (the only output quantization TFLite accepts, forced after calibration).
 */
public final class LogSoftmax extends UnaryOp implements FloatReference, QuantizationRule, CEmission {
    public static final LogSoftmax OP = new LogSoftmax();

    /** The output quantization TFLite's int8 LOG_SOFTMAX requires: [-15.94, 0] in steps of 1/16. */
    public static final Quant OUTPUT = Quant.perTensor(16f / 256, 127);

    private LogSoftmax() {
        super("LOG_SOFTMAX", 50, 2);
    }

    /** An empty LogSoftmaxOptions table, as TFLite's converter writes it. */
    @Override
    public BuiltinOptionsUnion writeOptions(Op op) {
        return TfliteOptions.union(BuiltinOptions.LogSoftmaxOptions, new LogSoftmaxOptionsT());
    }

    /** No attributes; options of another type are an error. */
    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        TfliteOptions.options(op, LogSoftmaxOptionsT.class);
        return new OpParams.None();
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        float[] xs = v.get(0);
        int depth = out.dim(-1);
        float[] y = new float[xs.length];
        for (int base = 0; base < xs.length; base += depth) {
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < depth; i++) {
                max = Math.max(max, xs[base + i]);
            }
            double sum = 0;
            for (int i = 0; i < depth; i++) {
                sum += Math.exp((double) xs[base + i] - max);
            }
            double logSum = Math.log(sum);
            for (int i = 0; i < depth; i++) {
                y[base + i] = (float) ((double) xs[base + i] - max - logSum);
            }
        }
        return y;
    }

    /** Calibrated like any tensor (so it can be grouped), then replaced by {@link #OUTPUT}. */
    @Override
    public QuantRule outputRule() {
        return QuantRule.CALIBRATED;
    }

    @Override
    public Quant adjustOutput(Quant input, Quant output) {
        return OUTPUT;
    }

    @Override
    public KernelCall emit(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        if (y.quant().scale() != OUTPUT.scale() || y.quant().zeroPoint() != OUTPUT.zeroPoint()) {
            throw EmitContext.refuse(index, op, "output quantization " + y.quant() + ": TFLite's int8 LOG_SOFTMAX"
                    + " needs scale 16/256 and zero point 127 and refuses any other; requantize the model");
        }
        float inputScale = x.quant().scale();
        String table = ctx.floatTable(op.output() + "_exp", expTable(inputScale));
        int depth = y.dim(-1);
        String code = "tfg_log_softmax_s8(" + table + ", " + (y.elements() / depth) + ", " + depth + ", "
                + EmitContext.floatLiteral(inputScale) + ", " + ctx.arena(x.name()) + ", " + ctx.arena(y.name())
                + ");";
        return ctx.call(EmitContext.shape(x) + ", x - max - log(sum(exp(x - max)))", code, "tfg_log_softmax_s8");
    }

    /**
     * TFLite's table (its PopulateSoftmaxLookupTable with beta 1), as float bits:
     * {@code table[255 - d] = expf(-input_scale * d)}, with expf computed as the reference's libm does.
     */
    static int[] expTable(float inputScale) {
        float scale = -inputScale;
        int[] bits = new int[256];
        for (int d = 0; d <= 255; d++) {
            bits[255 - d] = Float.floatToIntBits(libcExpf(scale * d));
        }
        return bits;
    }

    /** 2^(i/32) as double bits, minus i << 47 (so that adding k << 47 scales by 2^(k/32) exactly). */
    private static final long[] EXP2_TABLE = {
        0x3ff0000000000000L, 0x3fefd9b0d3158574L, 0x3fefb5586cf9890fL, 0x3fef9301d0125b51L,
        0x3fef72b83c7d517bL, 0x3fef54873168b9aaL, 0x3fef387a6e756238L, 0x3fef1e9df51fdee1L,
        0x3fef06fe0a31b715L, 0x3feef1a7373aa9cbL, 0x3feedea64c123422L, 0x3feece086061892dL,
        0x3feebfdad5362a27L, 0x3feeb42b569d4f82L, 0x3feeab07dd485429L, 0x3feea47eb03a5585L,
        0x3feea09e667f3bcdL, 0x3fee9f75e8ec5f74L, 0x3feea11473eb0187L, 0x3feea589994cce13L,
        0x3feeace5422aa0dbL, 0x3feeb737b0cdc5e5L, 0x3feec49182a3f090L, 0x3feed503b23e255dL,
        0x3feee89f995ad3adL, 0x3feeff76f2fb5e47L, 0x3fef199bdd85529cL, 0x3fef3720dcef9069L,
        0x3fef5818dcfba487L, 0x3fef7c97337b9b5fL, 0x3fefa4afa2a490daL, 0x3fefd0765b6e4540L,
    };

    /**
     * {@code expf(x)} for {@code x <= 0} bit for bit as TFLite's reference gets it from glibc (2.36, x86-64,
     * the build with fused multiply-adds that an FMA-capable core selects; the build without them differs
     * on one float, near -63, whose result is 2^-92), which is not correctly rounded:
     * {@code (float) StrictMath.exp(x)} differs on 97052 of the floats in [-112, 0], this method on none
     * (checked against glibc on every one). With k = round(32 x / ln2) and r = 32 x / ln2 - k,
     * exp(x) = 2^(k/32) 2^(r/32), the first from a table, the second by a cubic in r, in double, with the
     * constants read from that libm (they come from Arm's optimized-routines, MIT licence).
     */
    static float libcExpf(float x) {
        if (x < -0x1.9fe368p6f) {
            return 0f; // below log(2^-150): glibc returns +0
        }
        final double invLn2TimesN = 0x1.71547652b82fep+5;
        final double shift = 0x1.8p+52;
        final double c0 = 0x1.c6af84b912394p-20;
        final double c1 = 0x1.ebfce50fac4f3p-13;
        final double c2 = 0x1.62e42ff0c52d6p-6;
        double xd = x;
        double kd = Math.fma(invLn2TimesN, xd, shift);
        long ki = Double.doubleToRawLongBits(kd);
        kd -= shift;
        double r = Math.fma(invLn2TimesN, xd, -kd);
        double s = Double.longBitsToDouble(EXP2_TABLE[(int) (ki & 31)] + (ki << 47));
        double p = Math.fma(r, c0, c1);
        double r2 = r * r;
        double y = Math.fma(r, c2, 1.0);
        y = Math.fma(p, r2, y);
        return (float) (y * s);
    }
}
