package dev.tinyforge.train;

import org.bytedeco.pytorch.Tensor;

/**
 * A trainable tensor of a {@link TorchNet}: its name (the graph tensor it came from, or
 * {@code <layer>/bn/gamma|beta}), the libtorch leaf tensor in torch's layout, and whether weight
 * decay applies (convolution and fully connected weights: yes; biases and batch-norm scales and
 * shifts: no, as in the reference MobileNet and ResNet recipes).
 */
public record Parameter(String name, Tensor value, boolean decay) {
}
