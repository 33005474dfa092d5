package dev.tinyforge.ir;

/**
 * Zero-point padding a convolution takes over from an explicit PAD that fed it ({@code PadFolding} in
 * codegen): the op then reads the unpadded tensor and treats these rows and columns, before its own
 * SAME or VALID padding, as outside its input. It exists only in graphs lowered for C generation, so
 * no padded copy is made at run time; a {@code .tflite} file never holds it.
 *
 * @param top rows before the input
 * @param bottom rows after it
 * @param left columns before it
 * @param right columns after it
 */
public record FoldedPadding(int top, int bottom, int left, int right) {
    /** No folded padding: the op's attributes alone give its geometry. */
    public static final FoldedPadding NONE = new FoldedPadding(0, 0, 0, 0);

    public FoldedPadding {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("folded padding must be non-negative, got " + top + ", " + bottom
                    + ", " + left + ", " + right);
        }
    }

    /** Whether there is none. */
    public boolean isNone() {
        return equals(NONE);
    }

    /** Both paddings added together, as a PAD before a PAD would pad. */
    public FoldedPadding plus(FoldedPadding o) {
        return new FoldedPadding(top + o.top, bottom + o.bottom, left + o.left, right + o.right);
    }

    /** Output rows of a window over {@code inH} input rows, padded by these rows and then by {@code padding}. */
    public int outputHeight(Padding padding, int inH, int kernel, int stride, int dilation) {
        return padding.outputSize(inH + top + bottom, kernel, stride, dilation);
    }

    /** Output columns, as {@link #outputHeight}. */
    public int outputWidth(Padding padding, int inW, int kernel, int stride, int dilation) {
        return padding.outputSize(inW + left + right, kernel, stride, dilation);
    }

    /** Rows before the unpadded input: the folded ones plus {@code padding}'s over the padded height. */
    public int padTop(Padding padding, int inH, int kernel, int stride, int dilation) {
        return top + padding.padBefore(inH + top + bottom, kernel, stride, dilation);
    }

    /** Columns before the unpadded input, as {@link #padTop}. */
    public int padLeft(Padding padding, int inW, int kernel, int stride, int dilation) {
        return left + padding.padBefore(inW + left + right, kernel, stride, dilation);
    }
}
