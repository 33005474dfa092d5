package dev.tinyforge.zoo;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One entry of an {@link ArchitectureSpec}'s block list, told apart in JSON by its {@code kind}, so
 * that a spec names every block kind it uses and a reader refuses kinds it does not know.
 *
 * <p>Kinds today: {@code mbconv} ({@link MbConvSpec}: inverted residual, also the depthwise-separable
 * "e1" block with {@code expand: 1}), {@code conv} ({@link ConvBlockSpec}: a regular convolution) and
 * {@code basic} ({@link BasicBlockSpec}: ResNet's basic block). Blocks are applied in order, each to
 * the output of the one before. A later {@code cell} kind (the NASNet/PNASNet/AmoebaNet/DARTS
 * genotypes of {@code nas_anchors.json}) fits the same list: a cell reads the outputs of the two
 * blocks before it, which the builder has in hand as it walks the list, and names its genotype and
 * whether it reduces. Adding a kind: a record here, one line in {@link JsonSubTypes} and
 * {@code permits}, one branch in {@link SpecBuilder} (a test checks the three agree).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = MbConvSpec.class, name = "mbconv"),
    @JsonSubTypes.Type(value = ConvBlockSpec.class, name = "conv"),
    @JsonSubTypes.Type(value = BasicBlockSpec.class, name = "basic"),
})
public sealed interface BlockSpec permits MbConvSpec, ConvBlockSpec, BasicBlockSpec {

    /** The block's layer name (its tensors are {@code <name>/...}), or {@code null} for {@code block<index>}. */
    String name();

    /** Output channels at width 1.0. */
    int out();

    /** Stride of the block, 1 or 2. */
    int stride();

    /**
     * What is wrong with this block on its own, one message per problem naming the field and what
     * is expected (e.g. {@code "kernel 4 is not odd; use 3, 5 or 7"}); empty when it is valid.
     */
    List<String> problems();
}
