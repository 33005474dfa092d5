package dev.tinyforge.zoo;

import dev.tinyforge.ir.Activation;

/**
 * MobileNetV2 (Sandler et al., CVPR 2018, Table 2: the t, c, n, s rows), optionally with
 * squeeze-excitation in every expanded block ({@code mbv2-se}, reduction 4 of the expanded width,
 * as MobileNetV3 places it after the depthwise convolution).
 *
 * <p>Channels are scaled by the width multiplier and rounded with {@link LegacyNetBuilder#makeDivisible};
 * the 1280-wide head is kept at widths ≤ 1 as in the reference implementation. At 1.0 / 224 / 1000
 * classes: 3,487,816 parameters after batch-norm folding (torchvision's 3,504,872 counts two BN
 * parameters for each of the 17,056 normalised channels where folding leaves one bias) and
 * 300,774,272 MACs (paper: 300 M).
 */
final class LegacyMobileNetV2 {
    /** Expansion t, output channels c, repeats n, first stride s. */
    private static final int[][] STAGES = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1},
    };

    private final boolean squeezeExcite;

    LegacyMobileNetV2(boolean squeezeExcite) {
        this.squeezeExcite = squeezeExcite;
    }

    public String name() {
        return squeezeExcite ? "mbv2-se" : "mobilenetv2";
    }

    public String description() {
        return squeezeExcite ? "MobileNetV2 blocks with squeeze-excitation (MobileNetV3 placement)"
                : "MobileNetV2 (Sandler et al. 2018, Table 2)";
    }

    public ZooConfig defaultConfig() {
        return new ZooConfig(1.0, 224, 1000, 3, 0);
    }

    public ZooModel build(ZooConfig c) {
        LegacyNetBuilder b = new LegacyNetBuilder(name(), c.seed());
        String x = b.input(c.resolution(), c.inputChannels());
        x = b.conv(x, "stem", LegacyNetBuilder.makeDivisible(32 * c.width(), 8), 3, 2, Activation.RELU6);
        int block = 0;
        for (int[] s : STAGES) {
            int cout = LegacyNetBuilder.makeDivisible(s[1] * c.width(), 8);
            for (int i = 0; i < s[2]; i++) {
                int cin = b.channels(x);
                int stride = i == 0 ? s[3] : 1;
                int mid = (int) Math.round(cin * (double) s[0]);
                int se = squeezeExcite && s[0] != 1 ? LegacyNetBuilder.makeDivisible(mid / 4.0, 8) : 0;
                x = b.mbconv(x, "block" + block++, mid, cout, 3, stride, Activation.RELU6, se,
                        stride == 1 && cin == cout);
            }
        }
        x = b.conv(x, "head", LegacyNetBuilder.makeDivisible(1280 * Math.max(1.0, c.width()), 8), 1, 1, Activation.RELU6);
        b.classifier(x, c.classes());
        return b.build(name(), c);
    }
}
