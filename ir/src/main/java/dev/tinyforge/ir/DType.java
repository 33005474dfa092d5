package dev.tinyforge.ir;

/**
 * Element types a TinyForge tensor can hold, with their TFLite {@code TensorType} codes so that the
 * importer and exporter translate without a second table.
 */
public enum DType {
    FLOAT32(0, 4),
    INT32(2, 4),
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
