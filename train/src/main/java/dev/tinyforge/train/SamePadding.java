package dev.tinyforge.train;

import dev.tinyforge.ir.Padding;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The spatial padding TFLite applies before a window op, reproduced exactly. TFLite's SAME puts the
 * smaller half before the data ({@link Padding#padBefore}), so a stride-2 layer pads more at the
 * bottom and right, where PyTorch's {@code padding=} argument pads both sides equally; uneven
 * amounts are therefore applied as an explicit pad before the op.
 */
record SamePadding(int top, int bottom, int left, int right) {

    /** The padding of a window op over an {@code inH × inW} input. */
    static SamePadding of(Padding padding, int inH, int inW, int kh, int kw, int sh, int sw, int dh, int dw) {
        int top = padding.padBefore(inH, kh, sh, dh);
        int left = padding.padBefore(inW, kw, sw, dw);
        int bottom = total(padding, inH, kh, sh, dh) - top;
        int right = total(padding, inW, kw, sw, dw) - left;
        return new SamePadding(top, bottom, left, right);
    }

    private static int total(Padding padding, int in, int k, int s, int d) {
        if (padding == Padding.VALID) {
            return 0;
        }
        int effective = (k - 1) * d + 1;
        return Math.max((padding.outputSize(in, k, s, d) - 1) * s + effective - in, 0);
    }

    boolean isZero() {
        return top == 0 && bottom == 0 && left == 0 && right == 0;
    }

    /** Whether torch's own symmetric {@code padding=} argument can express it. */
    boolean isSymmetric() {
        return top == bottom && left == right;
    }

    /** {@code x} (NCHW) padded with {@code value}. */
    Tensor pad(Tensor x, double value) {
        return torch.constant_pad_nd(x, new long[] {left, right, top, bottom}, TorchTensors.scalar(value));
    }
}
