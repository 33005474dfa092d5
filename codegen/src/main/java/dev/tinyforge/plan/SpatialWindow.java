package dev.tinyforge.plan;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;

/**
 * The patch facet of ops whose output tile depends on a window of their first input (convolutions,
 * pools, PAD): what {@link PatchPlanner} needs to run them on spatial patches, and what the patch
 * emitter passes the kernel instead of the op's own padding.
 */
public interface SpatialWindow {

    /** The op's window over its first input. */
    Window window(Graph g, Op op);

    /** Why this instance cannot run on patches (e.g. a grouped convolution), or {@code null}. */
    default String patchRestriction(Graph g, Op op) {
        return null;
    }

    /**
     * The padding the kernel is called with on one tile, so that, given the input tile as if it were
     * the whole input, it reads exactly the pixels it reads unpatched: {@code p + in.y0 − out.y0·s}
     * rows (columns likewise), as {@code {top, left}}.
     */
    default int[] tilePadding(Window w, TileRect in, TileRect out) {
        return new int[] {w.padTop() + in.y0() - out.y0() * w.sh(), w.padLeft() + in.x0() - out.x0() * w.sw()};
    }
}
