package dev.tinyforge.plan;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.target.Target;

/**
 * The memory facet of an op: whether its kernel may write the output over a dying input, and the
 * scratch its kernel asks for. Both depend on the kernel variant the target gets (an im2col
 * convolution does not write in raster order; a Helium kernel may want a different buffer), so the
 * target is an argument. {@link MemoryPlanner} reads this facet; ops without it never run in place
 * and need no scratch.
 */
public interface MemoryRule {

    /**
     * Which input the output may be written over on {@code target}, ignoring whether that input dies at
     * the op (the planner checks that). {@link InPlace#NONE} when the kernel needs separate buffers.
     */
    default InPlace inPlace(Graph g, Op op, Target target) {
        return InPlace.NONE;
    }

    /**
     * The scratch bytes the op's kernel takes on {@code target}, run in place or not: the Java mirror of
     * the kernel's {@code tfg_<op>_s8_get_buffer_size}, held equal to it by {@code ScratchSizeTest}.
     */
    default long scratchBytes(Graph g, Op op, Target target, boolean inPlace) {
        return 0;
    }
}
