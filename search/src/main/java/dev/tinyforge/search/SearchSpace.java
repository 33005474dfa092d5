package dev.tinyforge.search;

import dev.tinyforge.zoo.ArchitectureSpec;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A family of architectures the search draws from. A sample is a plain {@link ArchitectureSpec} with
 * the width multiplier already applied to its channel counts (so it builds at width 1.0 and its JSON is
 * the zoo's spec format, readable by every command that takes a spec file) at the sampled resolution.
 */
public interface SearchSpace {

    /** The name users select it by, e.g. {@code ofa-mbv2}. */
    String name();

    /** One line for people: where the space comes from and what it varies. */
    String description();

    /**
     * A random sub-network at this width and resolution; the same random state gives the same spec.
     *
     * @param classes classes of the classifier
     * @param inputChannels channels of the input image
     */
    ArchitectureSpec sample(SplittableRandom random, double width, int resolution, int classes, int inputChannels);

    /**
     * The space's smallest sub-network at this width and resolution: every choice at its least
     * (fewest layers, smallest kernel and expansion), for "nothing fits" messages.
     */
    ArchitectureSpec smallest(double width, int resolution, int classes, int inputChannels);

    /** The spaces, by name. */
    static List<SearchSpace> all() {
        return List.of(new OfaMobileNetV2Space(), new MnasNetSpace());
    }

    /**
     * @throws IllegalArgumentException naming the known spaces when {@code name} is not one
     */
    static SearchSpace get(String name) {
        for (SearchSpace s : all()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown search space '" + name + "'; known: "
                + String.join(", ", all().stream().map(SearchSpace::name).toList()));
    }

    /** A channel count at width 1.0 scaled by the width rule every spec uses. */
    static int scaled(int channels, double width) {
        return ArchitectureSpec.scaleChannels(channels, width, ArchitectureSpec.DEFAULT_CHANNEL_DIVISOR);
    }

    /** The description a sample carries: its space, width and resolution. */
    static String describe(SearchSpace space, double width, int resolution) {
        return space.name() + " sample at width " + width + ", resolution " + resolution;
    }
}
