package dev.tinyforge.plan;

/**
 * The patch facet of element-wise ops (ADD, MUL, activations, int8 requantization): output element
 * i depends only on element i of each input, so on equal shapes an output tile needs the same tile of
 * every input. {@link PatchPlanner} lets them into a patch stage.
 */
public interface ElementwiseOp {
}
