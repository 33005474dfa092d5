package dev.tinyforge.plan;

/**
 * A fixed distance between two buffers: {@code input} starts {@code shift} bytes above {@code output}
 * (a 1×1 convolution writing its output over the pixels of its input it has consumed).
 */
public record Tie(String input, String output, long shift) {
}
