package dev.tinyforge.zoo;

import dev.tinyforge.ir.Activation;
import java.util.List;

/**
 * ResNet-8 of the MLPerf Tiny image-classification benchmark (CIFAR-10, 32×32×3) as a spec: a 3×3
 * stem of 16 filters and three basic blocks ({@code stack1..3}) of 16, 32/2 and 64/2 filters with
 * 1×1 projection shortcuts, global pooling and a 10-way classifier, ReLU. With batch norm folded it
 * has 77,706 parameters (the MLPerf Keras model reports 78,666: the same plus four BN values for
 * each of its 240 normalised channels) and 12,501,632 MACs.
 */
public final class ResNet8 {
    private ResNet8() {
    }

    /** {@code resnet8}. */
    public static ArchitectureSpec spec() {
        return ArchitectureSpec.of("resnet8", "ResNet-8, MLPerf Tiny image classification (CIFAR-style)", 32, 10,
                Activation.RELU, ConvSpec.of(3, 16, 1),
                List.of(new BasicBlockSpec("stack1", 16, 1, null), new BasicBlockSpec("stack2", 32, 2, null),
                        new BasicBlockSpec("stack3", 64, 2, null)),
                null);
    }
}
