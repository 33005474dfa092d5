package dev.tinyforge.plan;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import java.util.Arrays;

/**
 * An op's in-place choice ({@link MemoryRule#inPlace}): the input (by position) its output may be
 * written over, or -1, and that input's offset relative to the output: 0 when they share a start,
 * positive when the output starts that many bytes below the input and grows into the part of it
 * already consumed (convolutions writing in raster order; see {@link #rowShift} and
 * {@link #pointwiseShift}). The static methods are the rules the ops' memory facets share.
 */
public record InPlace(int input, long inputShift) {
    /** Separate buffers. */
    public static final InPlace NONE = new InPlace(-1, 0);

    /** The output takes input {@code input}'s bytes exactly. */
    public static InPlace over(int input) {
        return new InPlace(input, 0);
    }

    /** Whether input {@code input} is an activation with the output's bytes (and shape, unless {@code anyShape}). */
    public static boolean sameBytes(Graph g, Op op, int input, boolean anyShape) {
        Tensor in = g.tensor(op.input(input));
        Tensor out = g.tensor(op.output());
        return !in.isConstant() && in.sizeBytes() == out.sizeBytes()
                && (anyShape || Arrays.equals(in.shape(), out.shape()));
    }

    /** Element-wise: element i is read before element i is written, so input 0 of the same shape can be overwritten. */
    public static InPlace elementwise(Graph g, Op op) {
        return sameBytes(g, op, 0, false) ? over(0) : NONE;
    }

    /**
     * Any convolution, by whole rows: while output row r is written, input rows from
     * r·stride − padTop on are still needed, so output rows 0..r must end below them:
     * the maximum over r of (r+1)·outRow − max(0, r·stride − padTop)·inRow, aligned.
     */
    public static long rowShift(int outRows, long outRowBytes, long inRowBytes, int stride, int padTop) {
        long need = 0;
        for (int r = 0; r < outRows; r++) {
            need = Math.max(need, (r + 1) * outRowBytes - Math.max(0, r * stride - padTop) * inRowBytes);
        }
        return Placement.align(need, MemoryPlanner.ALIGN);
    }

    /**
     * The smallest offset of a 1×1 convolution's input above its output such that writing output
     * pixel p (bytes [p·out, (p+1)·out)) never touches input pixel p or later ([shift + p·in, …)):
     * the maximum over p of (p+1)·out − p·in, rounded up to the arena alignment.
     */
    public static long pointwiseShift(long pixels, long inPixelBytes, long outPixelBytes) {
        long need = outPixelBytes + Math.max(0, (pixels - 1) * (outPixelBytes - inPixelBytes));
        return Placement.align(need, MemoryPlanner.ALIGN);
    }
}
