package dev.tinyforge.ops;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import java.util.Arrays;

/**
 * The conditions several TFLite 2.20 kernels check in their {@code Prepare} (most of them in
 * {@code kernel_util.cc}), written once for the ops' {@link dev.tinyforge.tflite.KernelPrepare} facets.
 * Each returns {@code null} when TFLite accepts, else the field, what it holds and what is expected.
 */
final class PrepareChecks {
    private PrepareChecks() {
    }

    /** Whether a tensor holds quantized values (int8 or int16), the case TFLite's quantized kernels take. */
    static boolean quantized(Tensor t) {
        return t.dtype() == DType.INT8 || t.dtype() == DType.INT16;
    }

    /** The first non-null problem. */
    static String first(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /** The output keeps the input's element type (TF_LITE_ENSURE_TYPES_EQ on input and output). */
    static String sameType(Tensor input, Tensor output) {
        return input.dtype() == output.dtype() ? null : "output '" + output.name() + "' has type " + output.dtype()
                + ", expected the input's " + input.dtype();
    }

    /** A quantized tensor carries a scale (TFLite reads a missing one as "no quantization" and refuses). */
    static String hasQuantization(Tensor t, String role) {
        return !quantized(t) || t.quant() != null ? null : role + " '" + t.name() + "' (" + t.dtype()
                + ") has no quantization, expected a scale and zero point";
    }

    /** Per-tensor quantization (TFLite reads {@code params.scale}, the first of several). */
    static String perTensor(Tensor t, String role) {
        return t.quant() == null || !t.quant().isPerChannel() ? null : role + " '" + t.name() + "' has "
                + t.quant().channels() + " scales, expected one (per-tensor)";
    }

    /** 16x8 mode: int16 activations are symmetric (zero point 0), which TFLite's int16 kernels check. */
    static String int16ZeroPoint(Tensor t, String role) {
        return t.dtype() != DType.INT16 || t.quant() == null || t.quant().zeroPoint() == 0 ? null : role + " '"
                + t.name() + "' (int16) has zero point " + t.quant().zeroPoint() + ", expected 0";
    }

    /** Every zero point of a weight tensor is 0 (conv.cc: "Filter must have zero zero-points"). */
    static String weightZeroPoints(Tensor w) {
        if (w.quant() == null) {
            return null;
        }
        long[] zps = w.quant().zeroPoints();
        for (int i = 0; i < zps.length; i++) {
            if ((int) zps[i] != 0) { // TFLite keeps zero points as int32: the low 32 bits count
                return "weights '" + w.name() + "' zero_point[" + i + "] is " + (int) zps[i] + ", expected 0 "
                        + "(symmetric int8 weights)";
            }
        }
        return null;
    }

    /**
     * {@code PopulateConvolutionQuantizationParams}: input and weights quantized; per-channel weights have one
     * scale per output channel, on a dimension of that size.
     */
    static String convolutionQuantization(Tensor input, Tensor w, int channelsOut) {
        String p = first(hasQuantization(input, "input"), w.quant() == null ? "weights '" + w.name() + "' ("
                + w.dtype() + ") have no quantization, expected int8 weights with a scale per output channel or one"
                : null);
        if (p != null || !w.quant().isPerChannel()) {
            return p;
        }
        Quant q = w.quant();
        if (w.dtype() != DType.INT8) {
            return "weights '" + w.name() + "' are " + w.dtype() + " with per-channel scales, expected INT8";
        }
        if (q.channels() != channelsOut || w.dim(q.dimension()) != channelsOut) {
            return "weights '" + w.name() + "' have " + q.channels() + " scales on dimension " + q.dimension()
                    + " of shape " + Arrays.toString(w.shape()) + ", expected " + channelsOut
                    + " (one per output channel)";
        }
        return null;
    }

    /**
     * {@code CalculateActivationRangeQuantized}: the fused activation's bounds, {@code round(f / scale)} in
     * float, must fit in 32 bits; a tiny output scale under RELU6 does not.
     */
    static String activationRange(Activation a, Tensor output) {
        if (!quantized(output) || output.quant() == null || a == Activation.NONE) {
            return null;
        }
        float scale = output.quant().scale();
        float bound = a == Activation.RELU6 ? 6f : 0f;
        float tmp = (float) Math.rint(bound / scale); // |bound/scale| is integral long before it nears 2^31
        if (!(tmp >= -2147483648f && tmp <= 2147483648f)) {
            return "output '" + output.name() + "' scale " + scale + " puts the " + a + " bound " + bound
                    + " at " + tmp + " steps, more than 32 bits hold";
        }
        return null;
    }

    /**
     * {@code QuantizeMultiplierSmallerThanOneExp}: a rescaling factor that must lie in (0, 1) and not round up to
     * 1 as a Q31 multiplier; TFLite aborts the process (TFLITE_CHECK) otherwise.
     */
    static boolean smallerThanOne(double multiplier) {
        if (!(multiplier > 0 && multiplier < 1)) {
            return false;
        }
        int exponent = Math.getExponent(multiplier) + 1; // frexp: multiplier = q * 2^exponent, q in [0.5, 1)
        double q = multiplier / Math.scalb(1.0, exponent);
        long fixed = Math.round(q * (1L << 31));
        return exponent + (fixed == 1L << 31 ? 1 : 0) <= 0;
    }

    /** A fixed output quantization (SOFTMAX, LOGISTIC: TFLite's kernels compare the exact float). */
    static String fixedOutput(Tensor output, float scale, long zeroPoint, String scaleText) {
        Quant q = output.quant();
        if (q == null) {
            return "output '" + output.name() + "' (" + output.dtype() + ") has no quantization, expected scale "
                    + scaleText + " and zero point " + zeroPoint;
        }
        if (q.scale() != scale || q.zeroPoint() != zeroPoint) {
            return "output '" + output.name() + "' has scale " + q.scale() + " and zero point " + q.zeroPoint()
                    + ", expected scale " + scaleText + " and zero point " + zeroPoint;
        }
        return null;
    }

    /**
     * The bias of a quantized convolution, when the file gives one: int32 for int8 input, int64 in 16x8 mode
     * (the types TFLite's kernels read), with zero point 0 when quantized per tensor.
     */
    static String bias(Tensor input, Tensor bias) {
        if (bias == null) {
            return null;
        }
        DType expected = input.dtype() == DType.INT16 ? DType.INT64 : DType.INT32;
        if (bias.dtype() != expected) {
            return "bias '" + bias.name() + "' has type " + bias.dtype() + ", expected " + expected + " for "
                    + input.dtype() + " input";
        }
        // TFLite reads params.zero_point, which it sets only for per-tensor quantization
        if (bias.quant() != null && !bias.quant().isPerChannel() && bias.quant().zeroPoint() != 0) {
            return "bias '" + bias.name() + "' has zero point " + bias.quant().zeroPoint() + ", expected 0";
        }
        return null;
    }

    /** Input {@code i} as the file lists it: {@code null} when the file does not list it or lists it as -1. */
    static Tensor optional(java.util.List<Tensor> inputs, int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }
}
