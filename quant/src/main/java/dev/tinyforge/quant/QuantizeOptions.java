package dev.tinyforge.quant;

import dev.tinyforge.ir.DType;

/**
 * Choices of post-training quantization.
 *
 * @param floatIo false: integer graph input and output (a fully-integer model, as TFLite's converter
 *     writes with {@code inference_input_type=int8}, or int16 in 16x8 mode); true: float input →
 *     QUANTIZE → integer body → DEQUANTIZE → float output, as the converter writes by default
 * @param perChannelFullyConnected false: one weight scale per FULLY_CONNECTED layer (the converter's
 *     default and what every TFLite int8 FC kernel accepts); true: one per output channel
 * @param mode int8 activations, or TFLite's 16x8 mode
 */
public record QuantizeOptions(boolean floatIo, boolean perChannelFullyConnected, Mode mode) {

    /**
     * The activation type: {@link #INT8} (TFLite's full-integer quantization), or {@link #INT16X8}, what
     * TFLite's converter writes for {@code EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8}:
     * int16 activations, symmetric (zero point 0, scale max|x| / 32767), int8 weights as in int8 mode, int64
     * biases for CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED, softmax and logistic outputs at 1/32768.
     */
    public enum Mode {
        INT8(DType.INT8, DType.INT32),
        INT16X8(DType.INT16, DType.INT64);

        private final DType activations;
        private final DType biases;

        Mode(DType activations, DType biases) {
            this.activations = activations;
            this.biases = biases;
        }

        /** The type of every activation tensor. */
        public DType activations() {
            return activations;
        }

        /** The type of convolution and fully connected biases. */
        public DType biases() {
            return biases;
        }

        /** The name the command line uses: {@code int8} or {@code 16x8}. */
        public String label() {
            return this == INT8 ? "int8" : "16x8";
        }
    }

    public QuantizeOptions {
        if (mode == null) {
            throw new IllegalArgumentException("quantization mode is null; use Mode.INT8 or Mode.INT16X8");
        }
    }

    /** int8 activations, as before modes existed. */
    public QuantizeOptions(boolean floatIo, boolean perChannelFullyConnected) {
        this(floatIo, perChannelFullyConnected, Mode.INT8);
    }

    /** Fully-int8 I/O, per-tensor fully connected weights. */
    public static QuantizeOptions defaults() {
        return new QuantizeOptions(false, false, Mode.INT8);
    }

    public QuantizeOptions withFloatIo(boolean value) {
        return new QuantizeOptions(value, perChannelFullyConnected, mode);
    }

    public QuantizeOptions withPerChannelFullyConnected(boolean value) {
        return new QuantizeOptions(floatIo, value, mode);
    }

    public QuantizeOptions withMode(Mode value) {
        return new QuantizeOptions(floatIo, perChannelFullyConnected, value);
    }
}
