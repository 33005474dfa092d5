package dev.tinyforge.ir.ops;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import java.util.Arrays;

/** Checks shared by the op definitions; every failure names the op's output and what was expected. */
final class Shapes {
    private Shapes() {
    }

    static IllegalArgumentException error(Op op, String message) {
        return new IllegalArgumentException(op.kind() + " '" + op.output() + "': " + message);
    }

    static void requireRank(Op op, Tensor t, int rank, String role) {
        if (t.rank() != rank) {
            throw error(op, role + " '" + t.name() + "' must have rank " + rank + ", got shape "
                    + Arrays.toString(t.shape()));
        }
    }

    static void requirePositive(Op op, String what, int... values) {
        for (int v : values) {
            if (v <= 0) {
                throw error(op, what + " must be positive, got " + Arrays.toString(values));
            }
        }
    }

    /** Spatial output sizes {H, W}, refusing windows that leave no output. */
    static int[] spatialOut(Op op, Tensor in, int kh, int kw, int sh, int sw, int dh, int dw,
            dev.tinyforge.ir.Padding padding) {
        requirePositive(op, "kernel, stride and dilation", kh, kw, sh, sw, dh, dw);
        int oh = padding.outputSize(in.dim(1), kh, sh, dh);
        int ow = padding.outputSize(in.dim(2), kw, sw, dw);
        if (oh <= 0 || ow <= 0) {
            throw error(op, "a " + kh + "x" + kw + " window (dilation " + dh + "x" + dw + ") with " + padding
                    + " padding does not fit input " + Arrays.toString(in.shape()));
        }
        return new int[] {oh, ow};
    }
}
