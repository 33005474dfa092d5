package dev.tinyforge.tflite;

/**
 * An op attribute TFLite stores as a constant int32 input tensor (MEAN axes, RESHAPE shape, PAD
 * paddings, TRANSPOSE permutation, RESIZE size), with the suffix naming the tensor
 * {@code <op output>/<suffix>}.
 */
public record AttributeTensor(String suffix, int[] shape, int[] values) {
}
