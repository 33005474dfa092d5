package dev.tinyforge.ir;

/**
 * Element types a TinyForge tensor can hold, with their TFLite {@code TensorType} codes so that the
 * importer and exporter translate without a second table.
 *
 * <p>INT16 carries activations of TFLite's 16x8 mode (int16 activations, int8 weights); INT64 its
 * convolution and fully connected biases.
 */
public enum DType {
    FLOAT32(0, 4),
    INT32(2, 4),
    INT64(4, 8),
    INT16(7, 2),
    INT8(9, 1);

    private final int tfliteCode;
    private final int bytes;

    DType(int tfliteCode, int bytes) {
        this.tfliteCode = tfliteCode;
        this.bytes = bytes;
    }

    /** The {@code tflite::TensorType} value. */
    public int tfliteCode() {
        return tfliteCode;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** Whether this is a quantized activation type (int8, or int16 in 16x8 mode). */
    public boolean isQuantizedActivation() {
        return this == INT8 || this == INT16;
    }

    /** The smallest value of an integer type. */
    public long minValue() {
        return switch (this) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            case FLOAT32 -> throw new IllegalStateException("FLOAT32 is not an integer type");
        };
    }

    /** The largest value of an integer type. */
    public long maxValue() {
        return switch (this) {
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case INT64 -> Long.MAX_VALUE;
            case FLOAT32 -> throw new IllegalStateException("FLOAT32 is not an integer type");
        };
    }

    /** The type with the given TFLite code, or {@code null} when TinyForge does not handle it. */
    public static DType fromTflite(int code) {
        for (DType t : values()) {
            if (t.tfliteCode == code) {
                return t;
            }
        }
        return null;
    }
}
