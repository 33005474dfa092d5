package dev.tinyforge.zoo;

import dev.tinyforge.ir.Activation;

/**
 * ResNet-8 of the MLPerf Tiny image-classification benchmark (CIFAR-10, 32×32×3): a 3×3 stem of 16
 * filters and three basic blocks of 16, 32/2 and 64/2 filters with 1×1 projection shortcuts,
 * global pooling and a 10-way classifier. With batch norm folded it has 77,706 parameters (the
 * MLPerf Keras model reports 78,666: the same plus four BN values for each of its 240 normalised
 * channels) and 12,501,632 MACs.
 */
final class LegacyResNet8 {
    public String name() {
        return "resnet8";
    }

    public String description() {
        return "ResNet-8, MLPerf Tiny image classification (CIFAR-style)";
    }

    public ZooConfig defaultConfig() {
        return new ZooConfig(1.0, 32, 10, 3, 0);
    }

    public ZooModel build(ZooConfig c) {
        LegacyNetBuilder b = new LegacyNetBuilder(name(), c.seed());
        String x = b.input(c.resolution(), c.inputChannels());
        x = b.conv(x, "stem", LegacyNetBuilder.makeDivisible(16 * c.width(), 8), 3, 1, Activation.RELU);
        int[] widths = {16, 32, 64};
        for (int i = 0; i < widths.length; i++) {
            x = b.basicBlock(x, "stack" + (i + 1), LegacyNetBuilder.makeDivisible(widths[i] * c.width(), 8), i == 0 ? 1 : 2);
        }
        b.classifier(x, c.classes());
        return b.build(name(), c);
    }
}
