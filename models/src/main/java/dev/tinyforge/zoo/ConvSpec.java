package dev.tinyforge.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tinyforge.ir.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * A convolution layer outside the block list, the spec's stem or its head (MobileNetV2's 1×1 conv
 * to 1280, MCUNet's feature mix): k×k convolution, batch norm, activation.
 *
 * @param name layer name, {@code null} for {@code stem} or {@code head}
 * @param kernel odd kernel size
 * @param out output channels at width 1.0
 * @param stride 1 or 2 (1 when absent in JSON)
 * @param activation {@code null} for the spec's
 * @param scaling how the width multiplier applies to {@code out}; {@code null} for {@link Scaling#WIDTH}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "kernel", "out", "stride", "activation", "scaling"})
public record ConvSpec(String name, int kernel, int out, int stride, Activation activation, Scaling scaling) {

    /** How a layer's channels follow the width multiplier. */
    public enum Scaling {
        /** Scaled by the width multiplier like every layer (the default). */
        @JsonProperty("width")
        WIDTH,
        /**
         * Scaled by {@code max(1, width)}: kept at its width-1.0 size for width ≤ 1, grown above
         * (MobileNetV2's and MnasNet's 1280-wide head, as in their reference implementations).
         */
        @JsonProperty("grow_only")
        GROW_ONLY;

        /** The multiplier this rule applies for a network width. */
        public double factor(double width) {
            return this == GROW_ONLY ? Math.max(1.0, width) : width;
        }
    }

    /** An unnamed layer with the spec's activation, scaled by the width. */
    public static ConvSpec of(int kernel, int out, int stride) {
        return new ConvSpec(null, kernel, out, stride, null, null);
    }

    @JsonCreator
    static ConvSpec json(@JsonProperty("name") String name,
            @JsonProperty(value = "kernel", required = true) int kernel,
            @JsonProperty(value = "out", required = true) int out,
            @JsonProperty("stride") Integer stride,
            @JsonProperty("activation") Activation activation,
            @JsonProperty("scaling") Scaling scaling) {
        return new ConvSpec(name, kernel, out, stride == null ? 1 : stride, activation, scaling);
    }

    /** The scaling rule, {@link Scaling#WIDTH} when none is given. */
    public Scaling scalingRule() {
        return scaling == null ? Scaling.WIDTH : scaling;
    }

    /** Problems of this layer, as {@link BlockSpec#problems()}. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        SpecRules.kernel(p, kernel, "1, 3, 5 or 7");
        SpecRules.channels(p, "out", out);
        SpecRules.stride(p, stride);
        return p;
    }
}
