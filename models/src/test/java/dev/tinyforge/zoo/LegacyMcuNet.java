package dev.tinyforge.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinyforge.ir.Activation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The released MCUNet and baseline configurations (Lin et al., NeurIPS 2020; configurations from the
 * MIT HAN Lab release, kept as data in {@code nas_anchors.json}): a 3×3/2 stem, MBConv blocks with
 * per-block kernel, expansion (or explicit middle width), stride and residual, an optional 1×1
 * feature-mix layer, and the classifier, all ReLU6. A {@code null} block is a layer the search
 * pruned (ProxylessNAS's zero op) and is skipped.
 *
 * <p>At width 1.0 the channels are exactly the published ones; other widths scale every channel
 * count with {@link LegacyNetBuilder#makeDivisible}. {@code mcunet} is mcunet-320kb-1mb ("in3", r176):
 * 729,720 parameters and 81,785,520 MACs (MCUNet README: 0.74 M, 81.8 M); {@code mcunet-vww1}
 * (r80, 2 classes): 426,634 and 11,578,816 (README: 0.43 M, 11.6 M).
 */
final class LegacyMcuNet {
    private static final String RESOURCE = "nas_anchors.json";
    private final String name;
    private final String configKey;
    private final JsonNode config;

    private LegacyMcuNet(String name, String configKey, JsonNode config) {
        this.name = name;
        this.configKey = configKey;
        this.config = config;
    }

    /** Every MCUNet configuration of the reference data, plus {@code mcunet} for mcunet-320kb-1mb. */
    static List<LegacyMcuNet> all() {
        JsonNode root;
        try (InputStream in = LegacyMcuNet.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            root = new ObjectMapper().readTree(in).get("mcunet");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        List<LegacyMcuNet> list = new ArrayList<>();
        list.add(new LegacyMcuNet("mcunet", "mcunet-320kb-1mb_imagenet", root.get("mcunet-320kb-1mb_imagenet")));
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String name = key.contains("(mcunet-vww1)") ? "mcunet-vww1" : key.replace("_imagenet", "");
            list.add(new LegacyMcuNet(name, key, e.getValue()));
        }
        return list;
    }

    public String name() {
        return name;
    }

    public String description() {
        return "MCUNet / TinyNAS configuration " + configKey;
    }

    public ZooConfig defaultConfig() {
        return new ZooConfig(1.0, config.get("resolution").asInt(), config.get("classes").asInt(), 3, 0);
    }

    private static int scale(int channels, double width) {
        return width == 1.0 ? channels : LegacyNetBuilder.makeDivisible(channels * width, 8);
    }

    public ZooModel build(ZooConfig c) {
        LegacyNetBuilder b = new LegacyNetBuilder(name, c.seed());
        String x = b.input(c.resolution(), c.inputChannels());
        JsonNode stem = config.get("stem");
        x = b.conv(x, "stem", scale(stem.get("out").asInt(), c.width()), stem.get("k").asInt(), stem.get("s").asInt(),
                Activation.RELU6);
        int i = 0;
        for (JsonNode blk : config.get("blocks")) {
            if (blk.isNull()) {
                continue; // a layer the search pruned (ProxylessNAS "zero" op)
            }
            int cin = b.channels(x);
            int cout = scale(blk.get("out").asInt(), c.width());
            JsonNode midNode = blk.get("mid");
            int mid = midNode == null || midNode.isNull()
                    ? (int) Math.round(cin * blk.get("e").asDouble())
                    : scale(midNode.asInt(), c.width());
            if (blk.get("e").asInt() == 1) {
                mid = cin;
            }
            x = b.mbconv(x, "block" + i++, mid, cout, blk.get("k").asInt(), blk.get("s").asInt(), Activation.RELU6, 0,
                    blk.get("residual").asBoolean());
        }
        JsonNode mix = config.get("feature_mix");
        if (mix != null && !mix.isNull()) {
            x = b.conv(x, "feature_mix", scale(mix.asInt(), c.width()), 1, 1, Activation.RELU6);
        }
        b.classifier(x, c.classes());
        return b.build(name, c);
    }
}
