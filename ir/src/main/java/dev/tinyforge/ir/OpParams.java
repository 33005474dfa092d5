package dev.tinyforge.ir;

import java.util.Arrays;

/**
 * The attributes of an op, one record per op family. Values that TFLite stores as constant input
 * tensors (MEAN axes, RESHAPE shape, PAD paddings, TRANSPOSE permutation, RESIZE size) are
 * attributes here: the exporter writes them as int32 tensors and the importer reads them back.
 */
public sealed interface OpParams {

    /** Ops without attributes (SOFTMAX beta aside, see {@link Softmax}). */
    record None() implements OpParams {
    }

    /** CONV_2D. */
    record Conv2d(int strideH, int strideW, int dilationH, int dilationW, Padding padding, Activation activation)
            implements OpParams {
    }

    /** DEPTHWISE_CONV_2D with its depth multiplier (output channels = input channels × multiplier). */
    record DepthwiseConv2d(int strideH, int strideW, int dilationH, int dilationW, Padding padding,
            int depthMultiplier, Activation activation) implements OpParams {
    }

    /** AVERAGE_POOL_2D and MAX_POOL_2D. */
    record Pool2d(int filterH, int filterW, int strideH, int strideW, Padding padding, Activation activation)
            implements OpParams {
    }

    /** FULLY_CONNECTED (output keeps the batch dimension: {@code [N, Cout]}). */
    record FullyConnected(Activation activation) implements OpParams {
    }

    /** ADD and MUL, NumPy-style broadcasting. */
    record Elementwise(Activation activation) implements OpParams {
    }

    /** CONCATENATION along {@code axis} (negative counts from the end). */
    record Concatenation(int axis, Activation activation) implements OpParams {
    }

    /** MEAN over {@code axes}. */
    record Mean(int[] axes, boolean keepDims) implements OpParams {
        @Override
        public boolean equals(Object o) {
            return o instanceof Mean m && Arrays.equals(axes, m.axes) && keepDims == m.keepDims;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(axes) * 2 + (keepDims ? 1 : 0);
        }

        @Override
        public String toString() {
            return "Mean[axes=" + Arrays.toString(axes) + ", keepDims=" + keepDims + "]";
        }
    }

    /** PAD: {@code paddings[2*d]} before and {@code paddings[2*d+1]} after dimension {@code d}. */
    record Pad(int[] paddings) implements OpParams {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pad p && Arrays.equals(paddings, p.paddings);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(paddings);
        }

        @Override
        public String toString() {
            return "Pad" + Arrays.toString(paddings);
        }
    }

    /** RESHAPE to {@code shape} (fully specified, no -1). */
    record Reshape(int[] shape) implements OpParams {
        @Override
        public boolean equals(Object o) {
            return o instanceof Reshape r && Arrays.equals(shape, r.shape);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return "Reshape" + Arrays.toString(shape);
        }
    }

    /** SOFTMAX over the last axis. */
    record Softmax(float beta) implements OpParams {
    }

    /** RESIZE_NEAREST_NEIGHBOR to {@code height × width}. */
    record ResizeNearest(int height, int width, boolean alignCorners, boolean halfPixelCenters)
            implements OpParams {
    }

    /** TRANSPOSE with output dimension {@code i} taken from input dimension {@code perm[i]}. */
    record Transpose(int[] perm) implements OpParams {
        @Override
        public boolean equals(Object o) {
            return o instanceof Transpose t && Arrays.equals(perm, t.perm);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(perm);
        }

        @Override
        public String toString() {
            return "Transpose" + Arrays.toString(perm);
        }
    }
}
