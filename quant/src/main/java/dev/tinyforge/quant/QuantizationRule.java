package dev.tinyforge.quant;

import dev.tinyforge.ir.Quant;

/**
 * The quantization facet of an op: how the int8 quantization of its output is chosen
 * ({@link QuantRule}, following the constraints TFLite's int8 kernels put on it) and any correction
 * the kernel needs on top of the calibrated choice.
 */
public interface QuantizationRule {

    /** How the output's scale and zero point are chosen. */
    QuantRule outputRule();

    /**
     * The output quantization after calibration, given the input's: the calibrated one unless the
     * kernel refuses it (HARD_SWISH widens a scale TFLite's kernel would reject).
     */
    default Quant adjustOutput(Quant input, Quant output) {
        return output;
    }

    /**
     * Whether TFLite 2.20's built-in kernel takes the op with int16 activations (its 16x8 mode), so that
     * {@link QuantizePass} may quantize it that way. True by default, as for every op TFLite lists for
     * 16x8; an op TFLite has no int16 kernel for (HARD_SWISH, and LOG_SOFTMAX) must answer false, and a 16x8
     * quantization of a graph holding it is then refused.
     */
    default boolean supports16x8() {
        return true;
    }
}
