package dev.tinyforge.plan;

import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;

/**
 * The sliding window of a spatial op along height and width: kernel, stride, dilation and the
 * padding before the data. PAD is a 1×1 window whose padding is its own.
 */
public record Window(int kh, int kw, int sh, int sw, int dh, int dw, int padTop, int padLeft) {

    /** The window of a kernel over input {@code x} with TFLite's padding arithmetic. */
    public static Window of(Tensor x, int kh, int kw, int sh, int sw, int dh, int dw, Padding padding) {
        return new Window(kh, kw, sh, sw, dh, dw, padding.padBefore(x.dim(1), kh, sh, dh),
                padding.padBefore(x.dim(2), kw, sw, dw));
    }
}
