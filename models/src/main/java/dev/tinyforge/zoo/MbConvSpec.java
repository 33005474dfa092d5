package dev.tinyforge.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tinyforge.ir.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * An inverted-residual (MBConv) block as data: 1×1 expansion to a middle width, k×k depthwise
 * convolution, optional squeeze-excitation, linear 1×1 projection, optional identity residual
 * (MobileNetV2, MnasNet, ProxylessNAS, MCUNet). With {@code expand: 1} it is the depthwise-separable
 * block ("e1", MnasNet's SepConv): no expansion layer.
 *
 * <p>Exactly one of {@code expand} and {@code mid} is given. {@link SpecBuilder} computes the middle
 * width as {@code round(actual input width × expand)} (half up), or as the explicit {@code mid}
 * scaled like every channel count; the expansion layer is left out whenever the middle width
 * equals the input width. {@code residual} {@code null} (absent) means "when legal": stride 1 and
 * equal input and output widths at the width being built; {@code true} demands it (an error when the
 * shapes do not allow it); {@code false} never adds it. The expansion and depthwise layers use
 * {@code activation}, or the spec's when {@code null}; the projection is linear.
 *
 * @param name layer name, {@code null} for {@code block<index>}
 * @param kernel depthwise kernel, odd (3, 5, 7)
 * @param expand expansion ratio of the block's input width, or {@code null} when {@code mid} is given
 * @param mid explicit middle width at width 1.0, or {@code null} when {@code expand} is given
 * @param out output channels at width 1.0
 * @param stride 1 or 2 (1 when absent in JSON)
 * @param residual identity shortcut: {@code null} when legal, {@code true} always, {@code false} never
 * @param se squeeze-excitation, or {@code null} for none
 * @param activation activation of expansion and depthwise layers, {@code null} for the spec's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "kernel", "expand", "mid", "out", "stride", "residual", "se", "activation"})
public record MbConvSpec(String name, int kernel, Double expand, Integer mid, int out, int stride, Boolean residual,
        SqueezeExciteSpec se, Activation activation) implements BlockSpec {

    /** An unnamed block with an expansion ratio, residual when legal, no squeeze-excitation. */
    public static MbConvSpec of(int kernel, double expand, int out, int stride) {
        return new MbConvSpec(null, kernel, expand, null, out, stride, null, null, null);
    }

    @JsonCreator
    static MbConvSpec json(@JsonProperty("name") String name,
            @JsonProperty(value = "kernel", required = true) int kernel,
            @JsonProperty("expand") Double expand,
            @JsonProperty("mid") Integer mid,
            @JsonProperty(value = "out", required = true) int out,
            @JsonProperty("stride") Integer stride,
            @JsonProperty("residual") Boolean residual,
            @JsonProperty("se") SqueezeExciteSpec se,
            @JsonProperty("activation") Activation activation) {
        return new MbConvSpec(name, kernel, expand, mid, out, stride == null ? 1 : stride, residual, se, activation);
    }

    public MbConvSpec withName(String newName) {
        return new MbConvSpec(newName, kernel, expand, mid, out, stride, residual, se, activation);
    }

    public MbConvSpec withResidual(Boolean newResidual) {
        return new MbConvSpec(name, kernel, expand, mid, out, stride, newResidual, se, activation);
    }

    public MbConvSpec withSe(SqueezeExciteSpec newSe) {
        return new MbConvSpec(name, kernel, expand, mid, out, stride, residual, newSe, activation);
    }

    /**
     * The middle width for an actual input width {@code input} at {@code width}: the explicit
     * {@code mid} scaled by the width rule, or {@code round(input × expand)} (half up).
     */
    public int midWidth(int input, double width, int divisor) {
        return mid != null ? ArchitectureSpec.scaleChannels(mid, width, divisor) : (int) Math.round(input * expand);
    }

    @Override
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        SpecRules.kernel(p, kernel, "3, 5 or 7");
        if (expand == null && mid == null) {
            p.add("expand or mid is missing; give expand (ratio of the input width, e.g. 1, 3, 4 or 6) or mid"
                    + " (the middle width)");
        } else if (expand != null && mid != null) {
            p.add("expand " + SpecRules.number(expand) + " and mid " + mid + " are both given; give only one");
        } else if (expand != null && !(expand >= 1 && expand <= 16)) {
            p.add("expand " + SpecRules.number(expand) + " is out of range; use a ratio from 1 to 16, e.g. 3, 4 or 6");
        } else if (mid != null) {
            SpecRules.channels(p, "mid", mid);
        }
        SpecRules.channels(p, "out", out);
        SpecRules.stride(p, stride);
        if (Boolean.TRUE.equals(residual) && stride != 1) {
            p.add("residual true needs stride 1, got stride " + stride + "; drop residual or use stride 1");
        }
        if (se != null) {
            for (String s : se.problems()) {
                p.add("se: " + s);
            }
        }
        return p;
    }
}
