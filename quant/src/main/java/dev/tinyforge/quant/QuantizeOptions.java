package dev.tinyforge.quant;

/**
 * Choices of int8 post-training quantization.
 *
 * @param floatIo false: int8 graph input and output (a fully-int8 model, as TFLite's converter writes
 *     with {@code inference_input_type=int8}); true: float input → QUANTIZE → int8 body → DEQUANTIZE →
 *     float output, as the converter writes by default
 * @param perChannelFullyConnected false: one weight scale per FULLY_CONNECTED layer (the converter's
 *     default and what every TFLite int8 FC kernel accepts); true: one per output channel
 */
public record QuantizeOptions(boolean floatIo, boolean perChannelFullyConnected) {

    /** Fully-int8 I/O, per-tensor fully connected weights. */
    public static QuantizeOptions defaults() {
        return new QuantizeOptions(false, false);
    }

    public QuantizeOptions withFloatIo(boolean value) {
        return new QuantizeOptions(value, perChannelFullyConnected);
    }

    public QuantizeOptions withPerChannelFullyConnected(boolean value) {
        return new QuantizeOptions(floatIo, value);
    }
}
