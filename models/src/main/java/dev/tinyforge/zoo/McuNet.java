package dev.tinyforge.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tinyforge.ir.Activation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The released MCUNet and baseline configurations (Lin et al., NeurIPS 2020; configurations from the
 * MIT HAN Lab release, kept as published data in {@code nas_anchors.json}), converted to
 * {@link ArchitectureSpec}s when the zoo loads: a 3×3/2 stem, MBConv blocks with per-block kernel,
 * expansion (or explicit middle width), stride and residual, an optional 1×1 feature-mix layer, and
 * the classifier, all ReLU6. A {@code null} block is a layer the search pruned (ProxylessNAS's zero
 * op) and is left out of the spec.
 *
 * <p>At width 1.0 the channels are exactly the published ones (the spec's width rule); a block with
 * {@code e: 1} has no expansion, a block with {@code mid} keeps that middle width (scaled with the
 * others), otherwise the middle width is {@code round(input × e)}; residuals are as published.
 * {@code mcunet} is mcunet-320kb-1mb ("in3", r176): 729,720 parameters and 81,785,520 MACs (MCUNet
 * README: 0.74 M, 81.8 M); {@code mcunet-vww1} (r80, 2 classes): 426,634 and 11,578,816 (README:
 * 0.43 M, 11.6 M).
 */
final class McuNet {
    private McuNet() {
    }

    /** Every MCUNet configuration of the reference data, after {@code mcunet} for mcunet-320kb-1mb. */
    static List<ArchitectureSpec> specs() {
        JsonNode root = NasAnchors.section("mcunet");
        List<ArchitectureSpec> list = new ArrayList<>();
        list.add(spec("mcunet", "mcunet-320kb-1mb_imagenet", root.get("mcunet-320kb-1mb_imagenet")));
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String name = key.contains("(mcunet-vww1)") ? "mcunet-vww1" : key.replace("_imagenet", "");
            list.add(spec(name, key, e.getValue()));
        }
        return list;
    }

    /** One published configuration as a spec. */
    static ArchitectureSpec spec(String name, String key, JsonNode config) {
        JsonNode stem = config.get("stem");
        Activation act = activation(key, stem.get("act").asText());
        List<BlockSpec> blocks = new ArrayList<>();
        int channels = stem.get("out").asInt();
        for (JsonNode blk : config.get("blocks")) {
            if (blk.isNull()) {
                continue; // a layer the search pruned (ProxylessNAS "zero" op)
            }
            if (blk.get("in").asInt() != channels) {
                throw new IllegalStateException(key + ": block " + blocks.size() + " reads " + blk.get("in").asInt()
                        + " channels where the previous layer gives " + channels);
            }
            double e = blk.get("e").asDouble();
            JsonNode midNode = blk.get("mid");
            boolean explicitMid = e != 1.0 && midNode != null && !midNode.isNull();
            blocks.add(new MbConvSpec(null, blk.get("k").asInt(), explicitMid ? null : e,
                    explicitMid ? midNode.asInt() : null, blk.get("out").asInt(), blk.get("s").asInt(),
                    blk.get("residual").asBoolean(), null, null));
            channels = blk.get("out").asInt();
        }
        JsonNode mix = config.get("feature_mix");
        ConvSpec head = mix == null || mix.isNull() ? null : new ConvSpec("feature_mix", 1, mix.asInt(), 1, null, null);
        int classifierIn = head == null ? channels : head.out();
        if (config.get("classifier_in").asInt() != classifierIn) {
            throw new IllegalStateException(key + ": classifier_in " + config.get("classifier_in").asInt()
                    + " but the last layer gives " + classifierIn);
        }
        return ArchitectureSpec.of(name, "MCUNet / TinyNAS configuration " + key, config.get("resolution").asInt(),
                config.get("classes").asInt(), act,
                ConvSpec.of(stem.get("k").asInt(), stem.get("out").asInt(), stem.get("s").asInt()), blocks, head);
    }

    private static Activation activation(String key, String name) {
        for (Activation a : Activation.values()) {
            if (SpecJson.activationName(a).equals(name)) {
                return a;
            }
        }
        throw new IllegalStateException(key + ": unknown activation '" + name + "'");
    }
}
