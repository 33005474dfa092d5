package dev.tinyforge.cgen;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Quant;

/**
 * TFLite's preparation arithmetic, replicated exactly so generated C gets the multipliers, shifts and
 * clamps TFLite's kernels compute in their {@code Prepare}: {@code QuantizeMultiplier} (frexp, round
 * half away from zero, flush below 2^-31), per-channel effective scales in double, and fused
 * activation bounds computed in float.
 */
public final class Requantization {
    private Requantization() {
    }

    /** A real multiplier as {@code multiplier / 2^31 · 2^shift}. */
    public record Multiplier(int multiplier, int shift) {
    }

    /** TFLite's {@code QuantizeMultiplier}. */
    public static Multiplier quantize(double real) {
        if (real == 0.0) {
            return new Multiplier(0, 0);
        }
        // frexp: real = q · 2^shift with |q| in [0.5, 1)
        int shift = Math.getExponent(real) + 1;
        double q = Math.scalb(real, -shift);
        if (Math.abs(q) >= 1.0) { // subnormal inputs: getExponent is -1023
            shift = 0;
            q = real;
            while (Math.abs(q) < 0.5) {
                q *= 2;
                shift--;
            }
        }
        long fixed = roundHalfAwayFromZero(q * (1L << 31));
        if (fixed == (1L << 31)) {
            fixed /= 2;
            shift++;
        }
        if (shift < -31) {
            shift = 0;
            fixed = 0;
        }
        return new Multiplier((int) fixed, shift);
    }

    /** {@code std::round}: half away from zero. */
    public static long roundHalfAwayFromZero(double x) {
        return (long) (x >= 0 ? Math.floor(x + 0.5) : Math.ceil(x - 0.5));
    }

    /** Per-output-channel multipliers of a convolution: input × filter[c] / output, in double. */
    public static Multiplier[] perChannel(Quant input, Quant filter, Quant output, int channels) {
        Multiplier[] m = new Multiplier[channels];
        for (int c = 0; c < channels; c++) {
            double effective = (double) input.scale() * (double) filter.scale(c) / (double) output.scale();
            m[c] = quantize(effective);
        }
        return m;
    }

    /**
     * The per-tensor multiplier of FULLY_CONNECTED, as TFLite's {@code GetQuantizedConvolutionMultipler}:
     * the input × filter product is taken in float, then divided in double.
     */
    public static Multiplier fullyConnected(Quant input, Quant filter, Quant output) {
        float product = input.scale() * filter.scale();
        return quantize((double) product / (double) output.scale());
    }

    /**
     * MEAN's multiplier with the division by {@code count} folded in, as TFLite's integer Mean: input /
     * output scale quantized, then shifted left by up to log2(count) and divided by count.
     */
    public static Multiplier meanMultiplier(Quant input, Quant output, int count) {
        Multiplier base = quantize((double) input.scale() / (double) output.scale());
        int shift = 63 - Long.numberOfLeadingZeros(count);
        shift = Math.min(shift, 32);
        shift = Math.min(shift, 31 + base.shift());
        int multiplier = (int) (((long) base.multiplier() << shift) / count);
        return new Multiplier(multiplier, base.shift() - shift);
    }

    /** Fused activation clamp of an int8 output, as TFLite's {@code CalculateActivationRangeQuantized}. */
    public static int[] activationRange(Activation a, Quant output) {
        return activationRange(a, output, DType.INT8);
    }

    /**
     * Fused activation clamp in output units of an int8 or int16 output, as TFLite's
     * {@code CalculateActivationRangeQuantized}: the type's range narrowed by the activation.
     */
    public static int[] activationRange(Activation a, Quant output, DType type) {
        int lo = (int) type.minValue();
        int hi = (int) type.maxValue();
        if (a == Activation.RELU || a == Activation.RELU6) {
            lo = Math.max(lo, quantizeFloat(0f, output));
        }
        if (a == Activation.RELU6) {
            hi = Math.min(hi, quantizeFloat(6f, output));
        }
        return new int[] {lo, hi};
    }

    /** {@code zero_point + round(f / scale)} with the division in float, as TFLite's lambda does. */
    private static int quantizeFloat(float f, Quant q) {
        float ratio = f / q.scale();
        return q.zeroPoint() + (int) roundHalfAwayFromZero(ratio);
    }

    /**
     * TFLite's {@code CheckedLog2}: whether {@code x} is a power of two within 1e-3 in log2 (computed in
     * float, as TFLite does), and that power ({@code null} when it is not one).
     */
    public static Integer checkedLog2(float x) {
        float log2 = (float) Math.log(x) * (1.0f / (float) Math.log(2.0f));
        float rounded = (float) roundHalfAwayFromZero(log2);
        return Math.abs(log2 - rounded) < 1e-3f ? (int) rounded : null;
    }

    /**
     * TFLite's {@code LUTPopulateInt16} in double precision (the {@code FloatT} its int16 SOFTMAX uses): a
     * 513-entry int16 table of {@code f} over the int16 input range with the given quantization, each of
     * the 512 segments biased by half its midpoint interpolation error, for {@code LUTLookup}'s linear
     * interpolation.
     */
    public static int[] lutInt16(double inputScale, int inputZeroPoint, double outputScale, int outputZeroPoint,
            java.util.function.DoubleUnaryOperator f) {
        double inputMin = inputScale * (Short.MIN_VALUE - inputZeroPoint);
        double inputMax = inputScale * (Short.MAX_VALUE - inputZeroPoint);
        double outputMin = outputScale * (Short.MIN_VALUE - outputZeroPoint);
        double outputMax = outputScale * (Short.MAX_VALUE - outputZeroPoint);
        int steps = 512;
        double step = (inputMax - inputMin) / steps;
        double halfStep = step / 2;
        double scalingInv = 65536.0 / (outputMax - outputMin);
        int[] lut = new int[steps + 1];
        for (int i = 0; i < steps; i++) {
            double val = f.applyAsDouble(inputMin + i * step);
            double valMidpoint = f.applyAsDouble(inputMin + i * step + halfStep);
            double valNext = f.applyAsDouble(inputMin + (i + 1) * step);
            double sample = roundHalfAwayFromZero(val * scalingInv);
            double midpointInterp = roundHalfAwayFromZero((valNext * scalingInv + roundHalfAwayFromZero(val * scalingInv))
                    / 2);
            double midpoint = roundHalfAwayFromZero(valMidpoint * scalingInv);
            double bias = roundHalfAwayFromZero((midpointInterp - midpoint) / 2);
            lut[i] = (int) Math.min(Math.max(sample - bias, Short.MIN_VALUE), Short.MAX_VALUE);
        }
        lut[steps] = (int) Math.min(Math.max(roundHalfAwayFromZero(f.applyAsDouble(inputMax) * scalingInv),
                Short.MIN_VALUE), Short.MAX_VALUE);
        return lut;
    }

    /**
     * A Q31 multiplier rounded to Q15, as TFLite's {@code DownScaleInt32ToInt16Multiplier} (saturating
     * at the top): HARD_SWISH works in 16 bits.
     */
    public static int toQ15(int q31) {
        if (q31 >= Integer.MAX_VALUE - (1 << 15)) {
            return Short.MAX_VALUE;
        }
        return (q31 + (1 << 15)) >> 16;
    }
}
