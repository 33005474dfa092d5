package dev.tinyforge.train;

import dev.tinyforge.ir.Activation;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** The activations the IR fuses into convolutions, fully connected layers, pools and element-wise ops, in torch. */
final class FusedActivation {
    private FusedActivation() {
    }

    static Tensor apply(Tensor x, Activation activation) {
        return switch (activation) {
            case NONE -> x;
            case RELU -> torch.relu(x);
            case RELU6 -> torch.hardtanh(x, TorchTensors.scalar(0), TorchTensors.scalar(6));
        };
    }
}
