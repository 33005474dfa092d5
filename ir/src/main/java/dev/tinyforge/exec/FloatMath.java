package dev.tinyforge.exec;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;

/** Arithmetic the float references of several ops share: activations, windows, strides, broadcasting. */
public final class FloatMath {
    private FloatMath() {
    }

    /** A per-element float function. */
    public interface Unary {
        float apply(float x);
    }

    /** {@code f} applied to every element, in a new array. */
    public static float[] map(float[] x, Unary f) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f.apply(x[i]);
        }
        return y;
    }

    /** Clamps {@code y} in place to the activation's range (nothing for NONE). */
    public static void activate(float[] y, Activation a) {
        if (a == Activation.NONE) {
            return;
        }
        float hi = a == Activation.RELU6 ? 6f : Float.POSITIVE_INFINITY;
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.min(hi, Math.max(0f, y[i]));
        }
    }

    /**
     * Where a sliding window reads: batch, input and output sizes and the padding before the data, as
     * {@link Padding#padBefore} computes it.
     */
    public record Window(int batch, int inH, int inW, int outH, int outW, int padTop, int padLeft) {
        public static Window of(Tensor x, Tensor out, int kh, int kw, int sh, int sw, int dh, int dw,
                Padding padding) {
            return new Window(x.dim(0), x.dim(1), x.dim(2), out.dim(1), out.dim(2),
                    padding.padBefore(x.dim(1), kh, sh, dh), padding.padBefore(x.dim(2), kw, sw, dw));
        }
    }

    /** Row-major strides of a shape. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = stride;
            stride *= shape[d];
        }
        return s;
    }

    /** Row-major strides of a shape, right-aligned to {@code outShape}'s rank, 0 for broadcast dimensions. */
    public static int[] broadcastStrides(int[] shape, int[] outShape) {
        int rank = outShape.length;
        int[] strides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--) {
            int d = i - (rank - shape.length);
            int size = d >= 0 ? shape[d] : 1;
            strides[i] = size == 1 ? 0 : stride;
            stride *= size;
        }
        return strides;
    }

    /** Advances a row-major multi-index over {@code shape} by one element. */
    public static void next(int[] index, int[] shape) {
        for (int d = shape.length - 1; d >= 0; d--) {
            if (++index[d] < shape[d]) {
                return;
            }
            index[d] = 0;
        }
    }
}
