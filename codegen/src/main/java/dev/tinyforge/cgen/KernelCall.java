package dev.tinyforge.cgen;

import java.util.List;

/**
 * What one op's C emission is: the statements of its layer, the kernel sources they need (helpers
 * included, from the kernel library's declarations), the bytes of constant data it declared (weights,
 * biases, requantization and lookup tables; constants shared with an earlier layer are counted
 * there) and the scratch bytes its kernel takes. The firmware links exactly these sources and the
 * flash model adds up these bytes: nothing is re-derived from the generated text.
 *
 * @param op the op's index in the graph
 * @param summary the layer's comment (shapes, window, activation)
 * @param code the statements, one per line, without indentation
 * @param sources the kernel source files, e.g. {@code src/tfg_conv2d_s8.c}, sorted
 * @param scratchQuery the C expression that asks the kernel for its scratch (its
 *     {@code _get_buffer_size} call with this layer's arguments), or {@code null} when it takes none;
 *     {@code ScratchSizeTest} evaluates it and checks {@code scratchBytes}, the Java mirror the planner used
 */
public record KernelCall(int op, String summary, String code, List<String> sources, long constantBytes,
        long scratchBytes, String scratchQuery) {

    public KernelCall {
        sources = List.copyOf(sources);
    }

    /** This call with the C expression of its kernel's scratch size. */
    public KernelCall withScratchQuery(String cExpression) {
        return new KernelCall(op, summary, code, sources, constantBytes, scratchBytes, cExpression);
    }
}
