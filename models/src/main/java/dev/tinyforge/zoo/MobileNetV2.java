package dev.tinyforge.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tinyforge.ir.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * MobileNetV2 (Sandler et al., CVPR 2018, Table 2) as a spec: stem 3×3/2 of 32, the t, c, n, s rows
 * of {@code nas_anchors.json}'s {@code MobileNetV2_t_c_n_s} expanded into 3×3 MBConv blocks (stride
 * s on a stage's first block, residual when legal), a 1×1 head of 1280 kept at widths ≤ 1 as in the
 * reference implementation ({@code grow_only}), ReLU6. {@code mbv2-se} adds squeeze-excitation to
 * every expanded block with MobileNetV3's rule (a quarter of the expanded width, made divisible by
 * 8), placed after the depthwise convolution as MobileNetV3 does.
 *
 * <p>At 1.0 / 224 / 1000 classes: 3,487,816 parameters after batch-norm folding (torchvision's
 * 3,504,872 counts two BN parameters for each of the 17,056 normalised channels where folding
 * leaves one bias) and 300,774,272 MACs (paper: 300 M).
 */
public final class MobileNetV2 {
    private MobileNetV2() {
    }

    /** {@code mobilenetv2}, or {@code mbv2-se} with squeeze-excitation. */
    public static ArchitectureSpec spec(boolean squeezeExcite) {
        List<BlockSpec> blocks = new ArrayList<>();
        for (JsonNode row : NasAnchors.section("mobile_tables").get("MobileNetV2_t_c_n_s")) {
            int t = row.get(0).asInt();
            int c = row.get(1).asInt();
            int n = row.get(2).asInt();
            int s = row.get(3).asInt();
            for (int i = 0; i < n; i++) {
                MbConvSpec b = MbConvSpec.of(3, t, c, i == 0 ? s : 1);
                blocks.add(squeezeExcite && t != 1 ? b.withSe(SqueezeExciteSpec.mobileNetV3(0.25)) : b);
            }
        }
        return ArchitectureSpec.of(squeezeExcite ? "mbv2-se" : "mobilenetv2",
                squeezeExcite ? "MobileNetV2 blocks with squeeze-excitation (MobileNetV3 placement)"
                        : "MobileNetV2 (Sandler et al. 2018, Table 2)",
                224, 1000, Activation.RELU6, ConvSpec.of(3, 32, 2), blocks,
                new ConvSpec(null, 1, 1280, 1, null, ConvSpec.Scaling.GROW_ONLY));
    }
}
