package dev.tinyforge.zoo;

/** One entry of the zoo: a network family that builds a float model for any {@link ZooConfig}. */
public interface Architecture {

    /** The name users select it by, e.g. {@code mobilenetv2}. */
    String name();

    /** One line: what it is and where it comes from. */
    String description();

    /** The configuration of the published model. */
    ZooConfig defaultConfig();

    /** Builds the float model with seeded random weights and the batch norms to fold. */
    ZooModel build(ZooConfig config);
}
