package dev.tinyforge.search;

import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.plan.InPlace;
import dev.tinyforge.plan.MemoryPlanner;
import dev.tinyforge.target.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * The arena buffers of a chain of {@link SpecShapes.Layer}s, exactly as {@link MemoryPlanner}'s layout
 * step makes them for the int8 graph: lifetimes over the graph order (the only topological order of
 * these graphs, so the planner's memory-greedy order is the same one and not tried apart), outputs
 * merged with the dying input they overwrite (depthwise convolutions, adds, the squeeze-excitation
 * product and gate), the scratch of each convolution and of an in-place depthwise run on the target
 * (read from the op classes' own rules), and one candidate tie per convolution
 * whose input dies there (the row and pixel shifts of {@link InPlace}). The ops' memory rules are
 * mirrored here; {@code PlannerAgreementTest} holds the result equal to the planner's.
 *
 * @param bytes bytes of each buffer, in the planner's buffer order (roots in creation order, then scratch)
 * @param first first position each buffer is live
 * @param last last position each buffer is live
 * @param ties the candidate ties, in op order
 */
record ArenaLayout(long[] bytes, int[] first, int[] last, List<Tie> ties) {

    /** A convolution that may write its output {@code shift} bytes below its dying input, at {@code position}. */
    record Tie(int input, int output, long shift, int position) {
    }

    static ArenaLayout of(List<SpecShapes.Layer> layers, Target target) {
        int n = layers.size();
        int tensors = n + 1;
        long[] size = new long[tensors];
        int[] first = new int[tensors];
        int[] last = new int[tensors];
        size[0] = bytesOfInput(layers.get(0));
        for (int pos = 0; pos < n; pos++) {
            SpecShapes.Layer l = layers.get(pos);
            for (int in : l.inputs()) {
                last[in] = pos;
            }
            size[l.output()] = l.outputBytes();
            first[l.output()] = pos;
            last[l.output()] = Math.max(last[l.output()], pos);
        }
        last[n] = n - 1; // the model output lives to the end
        int[] root = new int[tensors];
        for (int t = 0; t < tensors; t++) {
            root[t] = t;
        }
        long[] scratch = new long[n];
        List<int[]> shifted = new ArrayList<>(n); // {position, input tensor, output tensor}
        List<Long> shifts = new ArrayList<>(n);
        for (int pos = 0; pos < n; pos++) {
            SpecShapes.Layer l = layers.get(pos);
            int in = l.inputs()[0];
            boolean dies = last[in] == pos && in != n;
            switch (l.kind()) {
                case CONV -> {
                    scratch[pos] = Conv2d.scratchBytes(target, l.kernel(), l.kernel(), l.inC());
                    if (dies) {
                        shifted.add(new int[] {pos, in, l.output()});
                        shifts.add(convShift(l));
                    }
                }
                case DEPTHWISE -> {
                    if (dies) {
                        root[l.output()] = find(root, in);
                        int rows = (l.outH() - 1) * l.stride() + l.kernel();
                        int cols = (l.outW() - 1) * l.stride() + l.kernel();
                        scratch[pos] = DepthwiseConv2d.inPlaceScratchBytes(target, l.inH(), l.inW(), rows, cols);
                    }
                }
                case ADD, MUL, LOGISTIC -> {
                    if (dies) {
                        root[l.output()] = find(root, in);
                    }
                }
                default -> {
                }
            }
        }
        // buffers: one per root, in the order roots were created, then scratch in position order
        int[] bufferOf = new int[tensors];
        List<long[]> buffers = new ArrayList<>(tensors + n); // {bytes, first, last}
        for (int t = 0; t < tensors; t++) {
            int r = find(root, t);
            if (r == t) {
                bufferOf[t] = buffers.size();
                buffers.add(new long[] {size[t], first[t], last[t]});
            } else {
                bufferOf[t] = bufferOf[r]; // a root comes before the tensors written over it
                long[] buf = buffers.get(bufferOf[t]);
                buf[0] = Math.max(buf[0], size[t]);
                buf[1] = Math.min(buf[1], first[t]);
                buf[2] = Math.max(buf[2], last[t]);
            }
        }
        for (int pos = 0; pos < n; pos++) {
            if (scratch[pos] > 0) {
                buffers.add(new long[] {scratch[pos], pos, pos});
            }
        }
        long[] bytes = new long[buffers.size()];
        int[] lo = new int[buffers.size()];
        int[] hi = new int[buffers.size()];
        for (int b = 0; b < bytes.length; b++) {
            bytes[b] = buffers.get(b)[0];
            lo[b] = (int) buffers.get(b)[1];
            hi[b] = (int) buffers.get(b)[2];
        }
        List<Tie> ties = new ArrayList<>(shifted.size());
        for (int i = 0; i < shifted.size(); i++) {
            int[] s = shifted.get(i);
            ties.add(new Tie(bufferOf[s[1]], bufferOf[s[2]], shifts.get(i), s[0]));
        }
        return new ArenaLayout(bytes, lo, hi, List.copyOf(ties));
    }

    /** Conv2d's in-place rule: a 1×1 stride-1 convolution pixel by pixel, any other by whole rows. */
    private static long convShift(SpecShapes.Layer l) {
        if (l.kernel() == 1 && l.stride() == 1) {
            return InPlace.pointwiseShift((long) l.inH() * l.inW(), l.inC(), l.outC());
        }
        int outH = l.outH();
        int total = Math.max((outH - 1) * l.stride() + l.kernel() - l.inH(), 0);
        return InPlace.rowShift(outH, (long) l.outW() * l.outC(), (long) l.inW() * l.inC(), l.stride(), total / 2);
    }

    private static long bytesOfInput(SpecShapes.Layer stem) {
        return (long) stem.inH() * stem.inW() * stem.inC();
    }

    private static int find(int[] root, int t) {
        int r = t;
        while (root[r] != r) {
            r = root[r];
        }
        return r;
    }

    /**
     * A proven lower bound of the planner's arena: at every position the live buffers do not share a
     * byte except the two ends of that position's tie, which overlap at most as far as the shift lets
     * them; so the arena is at least the largest such sum.
     */
    long lowerBound() {
        int positions = 0;
        for (int l : last) {
            positions = Math.max(positions, l + 1);
        }
        long[] live = new long[positions];
        for (int b = 0; b < bytes.length; b++) {
            for (int p = first[b]; p <= last[b]; p++) {
                live[p] += bytes[b];
            }
        }
        for (Tie t : ties) {
            long in = bytes[t.input()];
            long out = bytes[t.output()];
            long tied = t.shift() <= out ? Math.max(out, t.shift() + in) : in + out;
            live[t.position()] -= in + out - Math.min(in + out, tied);
        }
        long max = 0;
        for (long v : live) {
            max = Math.max(max, v);
        }
        return max;
    }
}
