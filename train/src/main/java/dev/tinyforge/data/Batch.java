package dev.tinyforge.data;

/**
 * A training or evaluation batch: {@code count} images (NHWC floats in [0, 1], back to back) and
 * their labels. The arrays may be longer than {@code count} images (a reused buffer).
 */
public record Batch(ImageShape shape, float[] images, int[] labels, int count) {
}
