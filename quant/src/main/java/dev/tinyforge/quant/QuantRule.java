package dev.tinyforge.quant;

/**
 * How the int8 quantization of an op's output is chosen, following the constraints TFLite's int8
 * kernels put on it (see TFLite's quantization spec).
 */
public enum QuantRule {
    /** Scale and zero point from the calibrated float range of the output. */
    CALIBRATED,
    /** Output must carry the input's scale and zero point (pools, reshape, pad, transpose, resize). */
    SAME_AS_INPUT,
    /** Inputs and output must all share one scale and zero point (concatenation). */
    SHARED_WITH_INPUTS,
    /** Fixed output scale 1/256 and zero point -128 (softmax, logistic). */
    FIXED_UNIT_INTERVAL,
    /** The output is float (dequantize). */
    FLOAT_OUTPUT
}
