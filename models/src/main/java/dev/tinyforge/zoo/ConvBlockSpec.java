package dev.tinyforge.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tinyforge.ir.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * A regular convolution block as data (MnasNet's "ConvOp: regular conv"): k×k convolution, batch
 * norm, activation. Its tensor is named after the block.
 *
 * @param name layer name, {@code null} for {@code block<index>}
 * @param kernel odd kernel size
 * @param out output channels at width 1.0
 * @param stride 1 or 2 (1 when absent in JSON)
 * @param activation {@code null} for the spec's
 * @param scaling how the width multiplier applies, {@code null} for {@link ConvSpec.Scaling#WIDTH}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "kernel", "out", "stride", "activation", "scaling"})
public record ConvBlockSpec(String name, int kernel, int out, int stride, Activation activation,
        ConvSpec.Scaling scaling) implements BlockSpec {

    @JsonCreator
    static ConvBlockSpec json(@JsonProperty("name") String name,
            @JsonProperty(value = "kernel", required = true) int kernel,
            @JsonProperty(value = "out", required = true) int out,
            @JsonProperty("stride") Integer stride,
            @JsonProperty("activation") Activation activation,
            @JsonProperty("scaling") ConvSpec.Scaling scaling) {
        return new ConvBlockSpec(name, kernel, out, stride == null ? 1 : stride, activation, scaling);
    }

    @Override
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        SpecRules.kernel(p, kernel, "1, 3, 5 or 7");
        SpecRules.channels(p, "out", out);
        SpecRules.stride(p, stride);
        return p;
    }
}
