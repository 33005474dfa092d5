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
}
