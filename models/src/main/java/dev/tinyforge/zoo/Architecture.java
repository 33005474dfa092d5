package dev.tinyforge.zoo;

import java.util.Objects;

/**
 * One entry of the zoo, or a user's spec file: an {@link ArchitectureSpec} with the name users select
 * it by, a description, and its published default configuration; it builds through
 * {@link SpecBuilder}, the one builder.
 */
public record Architecture(ArchitectureSpec spec) {

    /** @throws SpecException when the spec is invalid */
    public Architecture {
        Objects.requireNonNull(spec, "spec");
        spec.validate();
    }

    /** The name users select it by, e.g. {@code mobilenetv2}. */
    public String name() {
        return spec.name();
    }

    /** One line: what it is and where it comes from. */
    public String description() {
        return spec.description();
    }

    /** The configuration of the published model: width 1.0, the spec's resolution, classes and input channels, seed 0. */
    public ZooConfig defaultConfig() {
        return new ZooConfig(1.0, spec.resolution(), spec.classes(), spec.inputChannels(), 0);
    }

    /** Builds the float model with seeded random weights and the batch norms to fold. */
    public ZooModel build(ZooConfig config) {
        return SpecBuilder.build(spec, config);
    }
}
