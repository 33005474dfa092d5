package dev.tinyforge.zoo;

import dev.tinyforge.ir.Activation;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MnasNet-A1 (Tan et al., CVPR 2019, Figure 7), written as the block strings of the TensorFlow
 * reference ({@code r<repeats>_k<kernel>_s<stride>_e<expand>_i<in>_o<out>[_se<ratio>][_noskip]}):
 * stem 3×3/2 with 32 channels, seven stages, 1×1 head of 1280, ReLU throughout. Squeeze-excitation
 * reduces to {@code max(1, ⌊block input × ratio⌋)} channels as the reference does; skips join blocks
 * of stride 1 and equal widths. At 1.0 / 224 / 1000 classes: 3,870,294 parameters and 311,579,072
 * MACs (paper and README: 3.9 M, 312 M).
 */
final class LegacyMnasNet {
    private static final String[] BLOCKS = {
        "r1_k3_s11_e1_i32_o16_noskip", "r2_k3_s22_e6_i16_o24", "r3_k5_s22_e3_i24_o40_se0.25",
        "r4_k3_s22_e6_i40_o80", "r2_k3_s11_e6_i80_o112_se0.25", "r3_k5_s22_e6_i112_o160_se0.25",
        "r1_k3_s11_e6_i160_o320",
    };
    private static final Pattern BLOCK = Pattern.compile(
            "r(\\d+)_k(\\d+)_s(\\d)(\\d)_e(\\d+)_i(\\d+)_o(\\d+)(?:_se([0-9.]+))?(_noskip)?");

    public String name() {
        return "mnasnet-a1";
    }

    public String description() {
        return "MnasNet-A1 (Tan et al. 2019, Fig. 7)";
    }

    public ZooConfig defaultConfig() {
        return new ZooConfig(1.0, 224, 1000, 3, 0);
    }

    public ZooModel build(ZooConfig c) {
        LegacyNetBuilder b = new LegacyNetBuilder(name(), c.seed());
        String x = b.input(c.resolution(), c.inputChannels());
        x = b.conv(x, "stem", LegacyNetBuilder.makeDivisible(32 * c.width(), 8), 3, 2, Activation.RELU);
        int block = 0;
        for (String s : BLOCKS) {
            Matcher m = BLOCK.matcher(s);
            if (!m.matches()) {
                throw new IllegalStateException("bad MnasNet block string " + s);
            }
            int repeats = Integer.parseInt(m.group(1));
            int k = Integer.parseInt(m.group(2));
            int stride = Integer.parseInt(m.group(3));
            int expand = Integer.parseInt(m.group(5));
            int cout = LegacyNetBuilder.makeDivisible(Integer.parseInt(m.group(7)) * c.width(), 8);
            double seRatio = m.group(8) == null ? 0 : Double.parseDouble(m.group(8));
            boolean skip = m.group(9) == null;
            for (int i = 0; i < repeats; i++) {
                int cin = b.channels(x);
                int st = i == 0 ? stride : 1;
                int se = seRatio > 0 ? Math.max(1, (int) (cin * seRatio)) : 0;
                x = b.mbconv(x, "block" + block++, cin * expand, cout, k, st, Activation.RELU, se,
                        skip && st == 1 && cin == cout);
            }
        }
        x = b.conv(x, "head", LegacyNetBuilder.makeDivisible(1280 * Math.max(1.0, c.width()), 8), 1, 1, Activation.RELU);
        b.classifier(x, c.classes());
        return b.build(name(), c);
    }
}
