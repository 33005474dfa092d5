package dev.tinyforge.plan;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpKind;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which ops may write their output over one of their inputs, and at what cost in scratch: a table,
 * one entry per op kind whose C kernel is safe in place. The planner uses an entry only when the
 * input dies at the op (no later reader).
 *
 * <ul>
 *   <li>Element-wise ops (RELU, RELU6, HARD_SWISH, LOGISTIC, int8 QUANTIZE) read element i before
 *       writing element i.</li>
 *   <li>ADD and MUL overwrite the input that already has the output's shape (the other may broadcast).</li>
 *   <li>RESHAPE aliases: the output is the input's bytes, no copy at all.</li>
 *   <li>DEPTHWISE_CONV_2D with depth multiplier 1, as TinyEngine does: channel by channel, the input
 *       channel is saved in a scratch buffer of H×W bytes and the output channel written in its place;
 *       output pixel p of channel c lands on input pixel p of channel c, already saved, because the
 *       output has no more pixels than the input.</li>
 *   <li>CONV_2D overlaps instead: the kernel writes output pixels in raster order, so the output may
 *       start below the input and grow into the input it has consumed. A 1×1 stride-1 convolution reads
 *       only input pixel p for output pixel p ({@link #pointwiseShift}: max(in, out) + one pixel instead
 *       of in + out); any other reads rows from r·stride − padTop on for output row r
 *       ({@link #rowShift}).</li>
 * </ul>
 */
public final class InPlaceRule {
    /**
     * The input (by position) the output may be written over, or -1; the scratch bytes that costs;
     * and the input's offset relative to the output's: 0 when they share a start, positive when the
     * output starts that many bytes below the input and overlaps it ({@link #pointwiseShift}).
     */
    public record Choice(int input, long scratchBytes, long inputShift) {
        static final Choice NONE = new Choice(-1, 0, 0);

        Choice(int input, long scratchBytes) {
            this(input, scratchBytes, 0);
        }
    }

    private interface Rule {
        Choice choose(Graph g, Op op);
    }

    private static final Map<OpKind, Rule> RULES = new EnumMap<>(OpKind.class);

    static {
        Rule elementwise = (g, op) -> sameBytes(g, op, 0) ? new Choice(0, 0) : Choice.NONE;
        RULES.put(OpKind.RELU, elementwise);
        RULES.put(OpKind.RELU6, elementwise);
        RULES.put(OpKind.HARD_SWISH, elementwise);
        RULES.put(OpKind.LOGISTIC, elementwise);
        RULES.put(OpKind.RESHAPE, elementwise);
        RULES.put(OpKind.QUANTIZE, (g, op) -> g.tensor(op.input(0)).dtype() == g.tensor(op.output()).dtype()
                && sameBytes(g, op, 0) ? new Choice(0, 0) : Choice.NONE);
        Rule binary = (g, op) -> sameBytes(g, op, 0) ? new Choice(0, 0)
                : sameBytes(g, op, 1) ? new Choice(1, 0) : Choice.NONE;
        RULES.put(OpKind.ADD, binary);
        RULES.put(OpKind.MUL, binary);
        RULES.put(OpKind.DEPTHWISE_CONV_2D, InPlaceRule::depthwise);
        RULES.put(OpKind.CONV_2D, InPlaceRule::convolution);
    }

    private InPlaceRule() {
    }

    /** The in-place choice for an op (ignoring whether the input dies there: the planner checks that). */
    public static Choice of(Graph g, Op op) {
        Rule r = RULES.get(op.kind());
        return r == null ? Choice.NONE : r.choose(g, op);
    }

    private static boolean sameBytes(Graph g, Op op, int input) {
        Tensor in = g.tensor(op.input(input));
        Tensor out = g.tensor(op.output());
        return !in.isConstant() && in.sizeBytes() == out.sizeBytes()
                && java.util.Arrays.equals(in.shape(), op.kind() == OpKind.RESHAPE ? in.shape() : out.shape());
    }

    private static Choice depthwise(Graph g, Op op) {
        Tensor x = g.tensor(op.input(0));
        Tensor y = g.tensor(op.output());
        if (op.params(OpParams.DepthwiseConv2d.class).depthMultiplier() != 1 || x.rank() != 4
                || y.dim(1) * (long) y.dim(2) > x.dim(1) * (long) x.dim(2) || x.dim(0) != 1) {
            return Choice.NONE;
        }
        return new Choice(0, (long) x.dim(1) * x.dim(2));
    }

    /** A 1×1 stride-1 convolution pixel by pixel ({@link #pointwiseShift}), any other by rows ({@link #rowShift}). */
    private static Choice convolution(Graph g, Op op) {
        OpParams.Conv2d p = op.params(OpParams.Conv2d.class);
        Tensor x = g.tensor(op.input(0));
        Tensor w = g.tensor(op.input(1));
        Tensor y = g.tensor(op.output());
        if (w.dim(3) != x.dim(3) || x.rank() != 4 || x.dim(0) != 1) {
            return Choice.NONE; // grouped or batched: not planned in place
        }
        long inPixel = x.dim(3) * (long) x.dtype().bytes();
        long outPixel = y.dim(3) * (long) y.dtype().bytes();
        if (w.dim(1) == 1 && w.dim(2) == 1 && p.strideH() == 1 && p.strideW() == 1) {
            return new Choice(0, 0, pointwiseShift((long) x.dim(1) * x.dim(2), inPixel, outPixel));
        }
        int padTop = p.padding().padBefore(x.dim(1), w.dim(1), p.strideH(), p.dilationH());
        return new Choice(0, 0, rowShift(y.dim(1), y.dim(2) * outPixel, x.dim(2) * inPixel, p.strideH(), padTop));
    }

    /**
     * Any convolution, by whole rows: while output row r is written, input rows from
     * r·stride − padTop on are still needed, so output rows 0..r must end below them:
     * the maximum over r of (r+1)·outRow − max(0, r·stride − padTop)·inRow, aligned.
     */
    static long rowShift(int outRows, long outRowBytes, long inRowBytes, int stride, int padTop) {
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
    static long pointwiseShift(long pixels, long inPixelBytes, long outPixelBytes) {
        long need = outPixelBytes + Math.max(0, (pixels - 1) * (outPixelBytes - inPixelBytes));
        return Placement.align(need, MemoryPlanner.ALIGN);
    }
}
