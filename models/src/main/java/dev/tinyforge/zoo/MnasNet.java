package dev.tinyforge.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tinyforge.ir.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MnasNet-A1 (Tan et al., CVPR 2019, Figure 7) as a spec, from the block strings of the TensorFlow
 * reference kept in {@code nas_anchors.json}
 * ({@code r<repeats>_k<kernel>_s<stride>_e<expand>_i<in>_o<out>[_se<ratio>][_noskip]}): stem 3×3/2
 * with 32 channels, seven stages, 1×1 head of 1280 kept at widths ≤ 1, ReLU throughout, dropout 0.2
 * before the classifier. Squeeze-excitation reduces to {@code max(1, ⌊block input × ratio⌋)}
 * channels as the reference does; skips join blocks of stride 1 and equal widths. At 1.0 / 224 /
 * 1000 classes: 3,870,294 parameters and 311,579,072 MACs (paper and README: 3.9 M, 312 M).
 */
public final class MnasNet {
    private static final Pattern BLOCK = Pattern.compile(
            "r(\\d+)_k(\\d+)_s(\\d)(\\d)_e(\\d+)_i(\\d+)_o(\\d+)(?:_se([0-9.]+))?(_noskip)?");

    private MnasNet() {
    }

    /** {@code mnasnet-a1}. */
    public static ArchitectureSpec spec() {
        JsonNode tables = NasAnchors.section("mobile_tables");
        List<BlockSpec> blocks = new ArrayList<>();
        for (JsonNode s : tables.get("MnasNet-A1_block_strings")) {
            blocks.addAll(blocks(s.asText()));
        }
        return ArchitectureSpec.of("mnasnet-a1", "MnasNet-A1 (Tan et al. 2019, Fig. 7)", 224, 1000, Activation.RELU,
                ConvSpec.of(3, 32, 2), blocks, new ConvSpec(null, 1, 1280, 1, null, ConvSpec.Scaling.GROW_ONLY))
                .withClassifier(new ClassifierSpec(0.2));
    }

    /**
     * The MBConv blocks of one TensorFlow MnasNet block string: {@code repeats} blocks, the first
     * with the stride, squeeze-excitation by MnasNet's rule, residual when legal unless
     * {@code _noskip}.
     *
     * @throws IllegalArgumentException when the string does not follow the format
     */
    public static List<MbConvSpec> blocks(String blockString) {
        Matcher m = BLOCK.matcher(blockString);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + blockString + "' is not a MnasNet block string"
                    + " r<repeats>_k<kernel>_s<stride><stride>_e<expand>_i<in>_o<out>[_se<ratio>][_noskip]");
        }
        int repeats = Integer.parseInt(m.group(1));
        int k = Integer.parseInt(m.group(2));
        int stride = Integer.parseInt(m.group(3));
        int expand = Integer.parseInt(m.group(5));
        int out = Integer.parseInt(m.group(7));
        SqueezeExciteSpec se = m.group(8) == null ? null : SqueezeExciteSpec.mnasNet(Double.parseDouble(m.group(8)));
        Boolean residual = m.group(9) == null ? null : Boolean.FALSE;
        List<MbConvSpec> list = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            list.add(new MbConvSpec(null, k, (double) expand, null, out, i == 0 ? stride : 1, residual, se, null));
        }
        return list;
    }
}
