package dev.tinyforge.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tinyforge.ir.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * ResNet's basic block as data: 3×3 convolution (with the stride) + batch norm + activation, 3×3
 * convolution + batch norm, added to the shortcut, activation after the add. The shortcut is the
 * input itself, or a 1×1 convolution with the stride (no batch norm) when the stride is not 1 or the
 * width changes.
 *
 * @param name layer name, {@code null} for {@code block<index>}
 * @param out output channels at width 1.0
 * @param stride 1 or 2 (1 when absent in JSON)
 * @param activation {@code null} for the spec's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "out", "stride", "activation"})
public record BasicBlockSpec(String name, int out, int stride, Activation activation) implements BlockSpec {

    @JsonCreator
    static BasicBlockSpec json(@JsonProperty("name") String name,
            @JsonProperty(value = "out", required = true) int out,
            @JsonProperty("stride") Integer stride,
            @JsonProperty("activation") Activation activation) {
        return new BasicBlockSpec(name, out, stride == null ? 1 : stride, activation);
    }

    @Override
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        SpecRules.channels(p, "out", out);
        SpecRules.stride(p, stride);
        return p;
    }
}
