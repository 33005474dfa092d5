package dev.tinyforge.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Squeeze-excitation of an MBConv block, placed after the depthwise convolution: global mean, 1×1
 * reduce + ReLU, 1×1 expand + sigmoid, channel-wise product (its convolutions have biases and no
 * batch norm). The spec says how wide the reduction is, because the families disagree:
 * <ul>
 *   <li>MnasNet: {@code {"ratio": 0.25, "of": "input", "round": "floor"}}, i.e.
 *       {@code max(1, ⌊block input width × ratio⌋)};</li>
 *   <li>MobileNetV3 (and {@code mbv2-se}): {@code {"ratio": 0.25, "of": "expanded", "round": "divisible"}},
 *       i.e. {@code makeDivisible(middle width × ratio, channel_divisor)};</li>
 *   <li>an explicit width: {@code {"reduced": 16}}, at width 1.0, scaled like every channel count.</li>
 * </ul>
 * The widths the ratio applies to are the block's actual ones at the width being built.
 *
 * @param ratio reduction ratio in (0, 1], or {@code null} when {@code reduced} is given
 * @param of which width the ratio applies to; only with {@code ratio}
 * @param round how the product is rounded; only with {@code ratio}
 * @param reduced explicit reduced width at width 1.0, or {@code null} when {@code ratio} is given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"ratio", "of", "round", "reduced"})
public record SqueezeExciteSpec(Double ratio, Base of, Rounding round, Integer reduced) {

    /** The width a squeeze-excitation ratio applies to. */
    public enum Base {
        /** The block's input width (MnasNet, EfficientNet). */
        @JsonProperty("input")
        INPUT,
        /** The block's middle (expanded) width (MobileNetV3). */
        @JsonProperty("expanded")
        EXPANDED
    }

    /** How {@code width × ratio} becomes a channel count. */
    public enum Rounding {
        /** {@code max(1, ⌊x⌋)} (MnasNet's reference). */
        @JsonProperty("floor")
        FLOOR,
        /** {@code makeDivisible(x, channel_divisor)} (MobileNetV3's reference). */
        @JsonProperty("divisible")
        DIVISIBLE
    }

    /** MnasNet's rule: {@code max(1, ⌊block input × ratio⌋)}. */
    public static SqueezeExciteSpec mnasNet(double ratio) {
        return new SqueezeExciteSpec(ratio, Base.INPUT, Rounding.FLOOR, null);
    }

    /** MobileNetV3's rule: {@code makeDivisible(middle width × ratio, channel_divisor)}. */
    public static SqueezeExciteSpec mobileNetV3(double ratio) {
        return new SqueezeExciteSpec(ratio, Base.EXPANDED, Rounding.DIVISIBLE, null);
    }

    @JsonCreator
    static SqueezeExciteSpec json(@JsonProperty("ratio") Double ratio, @JsonProperty("of") Base of,
            @JsonProperty("round") Rounding round, @JsonProperty("reduced") Integer reduced) {
        return new SqueezeExciteSpec(ratio, of, round, reduced);
    }

    /**
     * The reduced width for a block of actual input width {@code input} and middle width {@code mid},
     * built at {@code width} with the spec's {@code divisor}.
     */
    public int reducedWidth(int input, int mid, double width, int divisor) {
        if (reduced != null) {
            return ArchitectureSpec.scaleChannels(reduced, width, divisor);
        }
        double x = (of == Base.INPUT ? input : mid) * ratio;
        return round == Rounding.FLOOR ? Math.max(1, (int) x) : NetBuilder.makeDivisible(x, divisor);
    }

    /** Problems of this squeeze-excitation, as {@link BlockSpec#problems()} with fields relative to {@code se}. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (ratio == null && reduced == null) {
            p.add("ratio or reduced is missing; give a ratio (e.g. 0.25, with of and round) or the reduced width");
            return p;
        }
        if (ratio != null && reduced != null) {
            p.add("ratio " + SpecRules.number(ratio) + " and reduced " + reduced + " are both given; give only one");
            return p;
        }
        if (reduced != null) {
            SpecRules.channels(p, "reduced", reduced);
            if (of != null || round != null) {
                p.add("of and round apply to a ratio only; drop them or give ratio instead of reduced");
            }
            return p;
        }
        if (!(ratio > 0 && ratio <= 1)) {
            p.add("ratio " + SpecRules.number(ratio) + " is out of range; use a ratio in (0, 1], e.g. 0.25");
        }
        if (of == null) {
            p.add("of is missing; use \"input\" (MnasNet: ratio of the block's input width) or \"expanded\""
                    + " (MobileNetV3: of its middle width)");
        }
        if (round == null) {
            p.add("round is missing; use \"floor\" (MnasNet: max(1, floor(x))) or \"divisible\""
                    + " (MobileNetV3: makeDivisible(x, channel_divisor))");
        }
        return p;
    }
}
