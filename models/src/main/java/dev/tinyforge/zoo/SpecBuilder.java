package dev.tinyforge.zoo;

import dev.tinyforge.ir.Activation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers an {@link ArchitectureSpec} at a {@link ZooConfig} to a float model through
 * {@link NetBuilder}: the one place where any architecture, from the zoo, a user's file or the
 * search, becomes a graph. The rules it applies are the spec's (see {@link ArchitectureSpec});
 * the configuration's resolution, classes and input channels replace the spec's nominal ones, and
 * its seed drives the weights (the same spec and configuration give the same graph, bit for bit).
 */
public final class SpecBuilder {
    private final ArchitectureSpec spec;
    private final ZooConfig config;
    private final NetBuilder net;

    private SpecBuilder(ArchitectureSpec spec, ZooConfig config) {
        this.spec = spec;
        this.config = config;
        this.net = new NetBuilder(spec.name(), config.seed());
    }

    /**
     * Builds the float model with seeded random weights and the batch norms to fold.
     *
     * @throws SpecException when the spec is invalid, or cannot be built at this configuration (a
     *     residual demanded between widths that differ after scaling)
     */
    public static ZooModel build(ArchitectureSpec spec, ZooConfig config) {
        spec.validate();
        return new SpecBuilder(spec, config).lower();
    }

    private ZooModel lower() {
        Map<String, String> layers = new LinkedHashMap<>();
        String x;
        if (spec.inputs() == 1) {
            x = conv(net.input(config.resolution(), config.inputChannels()), spec.stemName(), spec.stem());
        } else {
            List<String> stems = new ArrayList<>();
            for (int k = 0; k < spec.inputs(); k++) {
                String in = net.input("input_" + k, config.resolution(), config.inputChannels());
                stems.add(conv(in, k == 0 ? spec.stemName() : spec.stemName() + "_" + k, spec.stem()));
            }
            x = net.concat(stems, spec.stemName() + "/concat");
        }
        layers.put(spec.stemName(), x);
        for (int i = 0; i < spec.blocks().size(); i++) {
            x = block(i, spec.blocks().get(i), x);
            layers.put(spec.blockName(i), x);
        }
        if (spec.head() != null) {
            x = conv(x, spec.headName(), spec.head());
            layers.put(spec.headName(), x);
        }
        net.classifier(x, config.classes());
        for (OutputSpec o : spec.extraOutputs()) {
            String from = layers.get(o.from());
            if (OutputSpec.FEATURES.equals(o.kind())) {
                net.output(from);
            } else {
                net.classifier(from, o.classes() == null ? config.classes() : o.classes(), o.name(),
                        Boolean.TRUE.equals(o.sigmoid()));
            }
        }
        return net.build(spec.name(), config);
    }

    private String block(int index, BlockSpec block, String in) {
        String name = spec.blockName(index);
        if (block instanceof MbConvSpec m) {
            return mbconv(index, name, m, in);
        }
        if (block instanceof ConvBlockSpec c) {
            return net.conv(in, name, channels(c.out(), c.scaling()), c.kernel(), c.stride(), activation(c.activation()));
        }
        if (block instanceof BasicBlockSpec r) {
            return net.basicBlock(in, name, channels(r.out(), null), r.stride(), activation(r.activation()));
        }
        throw new IllegalStateException("block " + index + ": kind " + block.getClass().getSimpleName()
                + " has no lowering in SpecBuilder");
    }

    private String mbconv(int index, String name, MbConvSpec m, String in) {
        int cin = net.channels(in);
        int out = channels(m.out(), null);
        int mid = m.midWidth(cin, config.width(), spec.channelDivisor());
        int se = m.se() == null ? 0 : m.se().reducedWidth(cin, mid, config.width(), spec.channelDivisor());
        boolean legal = m.stride() == 1 && cin == out;
        boolean residual = m.residual() == null ? legal : m.residual();
        if (residual && !legal) {
            throw new SpecException(null, List.of("block " + index + " (" + name + "): residual true needs equal input"
                    + " and output widths; at width " + config.width() + " they are " + cin + " and " + out));
        }
        return net.mbconv(in, name, mid, out, m.kernel(), m.stride(), activation(m.activation()), se, residual);
    }

    private String conv(String in, String name, ConvSpec c) {
        return net.conv(in, name, channels(c.out(), c.scaling()), c.kernel(), c.stride(), activation(c.activation()));
    }

    private int channels(int atWidthOne, ConvSpec.Scaling scaling) {
        double factor = (scaling == null ? ConvSpec.Scaling.WIDTH : scaling).factor(config.width());
        return ArchitectureSpec.scaleChannels(atWidthOne, factor, spec.channelDivisor());
    }

    private Activation activation(Activation own) {
        return own == null ? spec.activation() : own;
    }
}
