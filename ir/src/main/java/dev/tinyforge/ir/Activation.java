package dev.tinyforge.ir;

/** Fused activation of an op, with its TFLite {@code ActivationFunctionType} code. */
public enum Activation {
    NONE(0),
    RELU(1),
    RELU6(3);

    private final int tfliteCode;

    Activation(int tfliteCode) {
        this.tfliteCode = tfliteCode;
    }

    public int tfliteCode() {
        return tfliteCode;
    }

    /** Applies the activation to a float value. */
    public float apply(float x) {
        switch (this) {
            case RELU:
                return Math.max(0f, x);
            case RELU6:
                return Math.min(6f, Math.max(0f, x));
            default:
                return x;
        }
    }

    /** The activation with the given TFLite code, or {@code null} when TinyForge does not handle it. */
    public static Activation fromTflite(int code) {
        for (Activation a : values()) {
            if (a.tfliteCode == code) {
                return a;
            }
        }
        return null;
    }
}
