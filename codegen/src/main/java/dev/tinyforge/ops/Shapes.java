package dev.tinyforge.ops;

import dev.tinyforge.ir.FoldedPadding;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;
import java.util.Arrays;

/** Shape checks the ops share; every failure names the op's output and what was expected. */
final class Shapes {
    private Shapes() {
    }

    static void requireRank(Op op, Tensor t, int rank, String role) {
        if (t.rank() != rank) {
            throw OpType.error(op, role + " '" + t.name() + "' must have rank " + rank + ", got shape "
                    + Arrays.toString(t.shape()));
        }
    }

    static void requirePositive(Op op, String what, int... values) {
        for (int v : values) {
            if (v <= 0) {
                throw OpType.error(op, what + " must be positive, got " + Arrays.toString(values));
            }
        }
    }

    /** Spatial output sizes {H, W}, refusing windows that leave no output. */
    static int[] spatialOut(Op op, Tensor in, int kh, int kw, int sh, int sw, int dh, int dw, Padding padding) {
        return spatialOut(op, in, kh, kw, sh, sw, dh, dw, padding, FoldedPadding.NONE);
    }

    /** Spatial output sizes {H, W} of a convolution that also pads by a folded PAD's rows and columns. */
    static int[] spatialOut(Op op, Tensor in, int kh, int kw, int sh, int sw, int dh, int dw, Padding padding,
            FoldedPadding folded) {
        requirePositive(op, "kernel, stride and dilation", kh, kw, sh, sw, dh, dw);
        int oh = folded.outputHeight(padding, in.dim(1), kh, sh, dh);
        int ow = folded.outputWidth(padding, in.dim(2), kw, sw, dw);
        if (oh <= 0 || ow <= 0) {
            throw OpType.error(op, "a " + kh + "x" + kw + " window (dilation " + dh + "x" + dw + ") with " + padding
                    + " padding does not fit input " + Arrays.toString(in.shape()));
        }
        return new int[] {oh, ow};
    }

    /** Whether a tensor is one int8 [1,H,W,C] image, the layout the convolution kernels run in place on. */
    static boolean singleImage(Tensor t) {
        return t.rank() == 4 && t.dim(0) == 1;
    }
}
