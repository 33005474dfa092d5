package dev.tinyforge.ir;

/**
 * Spatial padding of convolutions and pools, with TFLite's {@code Padding} codes and its arithmetic.
 *
 * <p>SAME puts the smaller half of the padding before the data, as TFLite's
 * {@code ComputePaddingHeightWidth} does: {@code total = max((out-1)*stride + effK - in, 0)},
 * {@code before = total / 2}.
 */
public enum Padding {
    SAME(0),
    VALID(1);

    private final int tfliteCode;

    Padding(int tfliteCode) {
        this.tfliteCode = tfliteCode;
    }

    public int tfliteCode() {
        return tfliteCode;
    }

    /** Output length along one spatial axis for the given input length, kernel, stride and dilation. */
    public int outputSize(int in, int kernel, int stride, int dilation) {
        int effective = (kernel - 1) * dilation + 1;
        if (this == SAME) {
            return (in + stride - 1) / stride;
        }
        return (in - effective + stride) / stride;
    }

    /** Padding placed before the data along one axis (zero for VALID). */
    public int padBefore(int in, int kernel, int stride, int dilation) {
        if (this == VALID) {
            return 0;
        }
        int effective = (kernel - 1) * dilation + 1;
        int out = outputSize(in, kernel, stride, dilation);
        int total = Math.max((out - 1) * stride + effective - in, 0);
        return total / 2;
    }

    public static Padding fromTflite(int code) {
        for (Padding p : values()) {
            if (p.tfliteCode == code) {
                return p;
            }
        }
        return null;
    }
}
