package dev.tinyforge.plan;

import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.target.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans the arena of a graph for a target: tensor lifetimes over an execution order, in-place outputs
 * where the target's kernels allow it and the scratch they ask for (the ops' {@link MemoryRule}s), and offsets from several placement
 * heuristics ({@link Placement}); the smallest arena wins. With reordering on, a memory-greedy
 * topological order is tried besides the graph's own order (it matters in branching graphs).
 *
 * <p>Float graph inputs and outputs are not planned: the generated code reads and writes them in
 * the caller's buffers. Everything is deterministic: ties keep the graph order and the first
 * heuristic.
 */
public final class MemoryPlanner {
    /** Arena alignment: word-aligned buffers for 32-bit loads on Cortex-M. */
    public static final int ALIGN = 4;

    /**
     * @param inPlace let outputs overwrite dying inputs (and count their scratch)
     * @param reorder also try a memory-greedy execution order
     * @param placements heuristics to try
     */
    public record Options(boolean inPlace, boolean reorder, List<Placement> placements) {
        public Options {
            placements = List.copyOf(placements);
        }

        /** Everything on: what the code generator uses. */
        public static Options best() {
            return new Options(true, true, List.of(Placement.values()));
        }

        /** Ours without in-place outputs. */
        public static Options withoutInPlace() {
            return new Options(false, true, List.of(Placement.values()));
        }

        /** TFLite Micro's planner: greedy by size, graph order, no in-place. */
        public static Options tflmGreedy() {
            return new Options(false, false, List.of(Placement.GREEDY_BY_SIZE));
        }
    }

    private MemoryPlanner() {
    }

    /** The plan for the host's kernels (the plain C kernels: every target's rules are theirs today). */
    public static MemoryPlan plan(Graph g) {
        return plan(g, Target.host(), Options.best());
    }

    public static MemoryPlan plan(Graph g, Target target) {
        return plan(g, target, Options.best());
    }

    public static MemoryPlan plan(Graph g, Target target, Options opts) {
        List<int[]> orders = new ArrayList<>();
        orders.add(graphOrder(g));
        if (opts.reorder()) {
            int[] greedy = greedyOrder(g);
            if (!java.util.Arrays.equals(greedy, orders.get(0))) {
                orders.add(greedy);
            }
        }
        MemoryPlan best = null;
        for (int o = 0; o < orders.size(); o++) {
            String orderName = o == 0 ? "graph order" : "memory-greedy order";
            Layout layout = layout(g, target, orders.get(o), opts.inPlace());
            List<Tie> ties = new ArrayList<>();
            MemoryPlan p = place(layout, ties, orders.get(o), opts, orderName);
            if (opts.inPlace()) {
                p = overlapPointwise(layout, orders.get(o), opts, orderName, p);
            }
            if (best == null || p.arenaBytes() < best.arenaBytes()) {
                best = p;
            }
        }
        return best;
    }

    /** Tries the pointwise overlaps nearest the peak first; keeps each one that shrinks the arena. */
    private static MemoryPlan overlapPointwise(Layout layout, int[] order, Options opts, String orderName,
            MemoryPlan start) {
        MemoryPlan p = start;
        List<Tie> ties = new ArrayList<>();
        List<Overlap> left = new ArrayList<>(layout.overlaps);
        for (int round = 0; round < layout.overlaps.size(); round++) {
            long[] live = p.liveBytes();
            left.sort(java.util.Comparator.comparingLong((Overlap c) -> -live[c.position()]));
            MemoryPlan improved = null;
            for (int k = 0; k < Math.min(4, left.size()) && improved == null; k++) {
                List<Tie> trial = new ArrayList<>(ties);
                trial.add(left.get(k).tie());
                MemoryPlan q = place(layout, trial, order, opts, orderName);
                if (q.arenaBytes() < p.arenaBytes() && valid(q, trial)) {
                    improved = q;
                    ties = trial;
                    left.remove(k);
                }
            }
            if (improved == null) {
                break;
            }
            p = improved;
        }
        return p;
    }

    private static MemoryPlan place(Layout layout, List<Tie> ties, int[] order, Options opts, String orderName) {
        MemoryPlan best = null;
        for (Placement placement : opts.placements()) {
            Map<String, Long> offsets = placement.place(layout.buffers, ties, ALIGN);
            long arena = 0;
            for (Buffer b : layout.buffers) {
                arena = Math.max(arena, offsets.get(b.name()) + b.bytes());
            }
            if (best == null || arena < best.arenaBytes()) {
                String strategy = placement.name().toLowerCase().replace('_', '-') + ", " + orderName
                        + (opts.inPlace() ? ", in-place" : "") + (ties.isEmpty() ? "" : ", " + ties.size()
                        + " convolutions overlapping their input");
                Set<Integer> inPlaceOps = new LinkedHashSet<>(layout.inPlace);
                for (Overlap o : layout.overlaps) {
                    if (ties.contains(o.tie())) {
                        inPlaceOps.add(o.op());
                    }
                }
                best = new MemoryPlan(strategy, order, layout.buffers, offsets, layout.bufferOf, layout.scratchOf,
                        inPlaceOps, ties, arena, live(layout.buffers, offsets, order.length));
            }
        }
        return best;
    }

    /** No two buffers live at once share a byte, except the two ends of a tie (by design). */
    private static boolean valid(MemoryPlan p, List<Tie> ties) {
        List<Buffer> bs = p.buffers();
        for (int i = 0; i < bs.size(); i++) {
            Buffer a = bs.get(i);
            long ao = p.offsets().get(a.name());
            for (int j = i + 1; j < bs.size(); j++) {
                Buffer b = bs.get(j);
                long bo = p.offsets().get(b.name());
                if (a.overlapsInTime(b) && ao < bo + b.bytes() && bo < ao + a.bytes() && a.bytes() > 0
                        && b.bytes() > 0) {
                    boolean tied = ties.stream().anyMatch(t -> t.input().equals(a.name()) && t.output().equals(b.name())
                            || t.input().equals(b.name()) && t.output().equals(a.name()));
                    if (!tied) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Every tensor in its own slot, nothing reused: the baseline of the planner table. */
    public static MemoryPlan naive(Graph g, Target target) {
        int[] order = graphOrder(g);
        Layout layout = layout(g, target, order, false);
        Map<String, Long> offsets = new LinkedHashMap<>();
        long arena = 0;
        List<Buffer> whole = new ArrayList<>();
        for (Buffer b : layout.buffers) {
            offsets.put(b.name(), arena);
            arena = Placement.align(arena + b.bytes(), ALIGN);
            whole.add(new Buffer(b.name(), b.tensors(), b.bytes(), 0, Math.max(0, order.length - 1)));
        }
        return new MemoryPlan("naive", order, whole, offsets, layout.bufferOf, layout.scratchOf, Set.of(), List.of(),
                arena, live(whole, offsets, order.length));
    }

    /** The tensors the arena holds: activations, except float graph inputs and outputs. */
    public static boolean planned(Graph g, Tensor t) {
        if (t.isConstant()) {
            return false;
        }
        boolean boundary = g.inputs().contains(t.name()) || g.outputs().contains(t.name());
        return !(boundary && t.dtype() == DType.FLOAT32);
    }

    private static int[] graphOrder(Graph g) {
        int[] order = new int[g.ops().size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return order;
    }

    /**
     * Kahn's topological sort that, among the ready ops, runs the one that grows live memory least
     * (output bytes minus the bytes of inputs it is the last reader of); ties go to graph order.
     */
    static int[] greedyOrder(Graph g) {
        List<Op> ops = g.ops();
        Map<String, Integer> readersLeft = new HashMap<>();
        for (Op op : ops) {
            for (String in : new LinkedHashSet<>(op.inputs())) {
                readersLeft.merge(in, 1, Integer::sum);
            }
        }
        Set<String> available = new java.util.HashSet<>(g.inputs());
        for (Tensor t : g.tensors()) {
            if (t.isConstant()) {
                available.add(t.name());
            }
        }
        boolean[] done = new boolean[ops.size()];
        int[] order = new int[ops.size()];
        for (int step = 0; step < ops.size(); step++) {
            int pick = -1;
            long pickScore = Long.MAX_VALUE;
            for (int i = 0; i < ops.size(); i++) {
                if (done[i] || !available.containsAll(ops.get(i).inputs())) {
                    continue;
                }
                long score = 0;
                for (String out : ops.get(i).outputs()) {
                    score += g.tensor(out).sizeBytes();
                }
                for (String in : new LinkedHashSet<>(ops.get(i).inputs())) {
                    Tensor t = g.tensor(in);
                    if (!t.isConstant() && readersLeft.get(in) == 1 && !g.outputs().contains(in)) {
                        score -= t.sizeBytes();
                    }
                }
                if (score < pickScore) {
                    pick = i;
                    pickScore = score;
                }
            }
            if (pick < 0) {
                throw new IllegalStateException("graph " + g.name() + " has a cycle or an op reading a tensor "
                        + "nothing produces");
            }
            done[pick] = true;
            order[step] = pick;
            available.addAll(ops.get(pick).outputs());
            for (String in : new LinkedHashSet<>(ops.get(pick).inputs())) {
                readersLeft.merge(in, -1, Integer::sum);
            }
        }
        return order;
    }

    /** A 1×1 convolution (op index, position in the order) whose output may overlap its dying input. */
    private record Overlap(int op, int position, Tie tie) {
    }

    private record Layout(List<Buffer> buffers, Map<String, String> bufferOf, Map<Integer, String> scratchOf,
            Set<Integer> inPlace, List<Overlap> overlaps) {
    }

    private static Layout layout(Graph g, Target target, int[] order, boolean inPlace) {
        int n = order.length;
        Map<String, Integer> first = new LinkedHashMap<>();
        Map<String, Integer> last = new HashMap<>();
        for (String in : g.inputs()) {
            first.put(in, 0);
            last.put(in, 0);
        }
        for (int pos = 0; pos < n; pos++) {
            Op op = g.ops().get(order[pos]);
            for (String in : op.inputs()) {
                last.put(in, pos);
            }
            for (String out : op.outputs()) {
                first.putIfAbsent(out, pos);
                last.merge(out, pos, Math::max);
            }
        }
        for (String out : g.outputs()) {
            last.put(out, Math.max(0, n - 1));
        }
        // in-place: union the output with the dying input it overwrites
        Map<String, String> root = new HashMap<>();
        Set<Integer> inPlaceOps = new LinkedHashSet<>();
        Map<Integer, Long> scratch = new LinkedHashMap<>();
        List<ShiftedInPlace> shifted = new ArrayList<>();
        for (int pos = 0; pos < n; pos++) {
            Op op = g.ops().get(order[pos]);
            MemoryRule rule = op.kind() instanceof MemoryRule r ? r : null;
            InPlace c = inPlace && rule != null ? rule.inPlace(g, op, target) : InPlace.NONE;
            boolean overwrites = false;
            if (c.input() >= 0) {
                String in = op.input(c.input());
                Tensor x = g.tensor(in);
                Tensor y = g.tensor(op.output());
                boolean dies = last.get(in) == pos && !g.outputs().contains(in);
                if (dies && planned(g, x) && planned(g, y) && c.inputShift() > 0) {
                    shifted.add(new ShiftedInPlace(order[pos], pos, in, op.output(), c.inputShift()));
                } else if (dies && planned(g, x) && planned(g, y)) {
                    root.put(op.output(), find(root, in));
                    inPlaceOps.add(order[pos]);
                    overwrites = true;
                }
            }
            long bytes = rule == null ? 0 : rule.scratchBytes(g, op, target, overwrites);
            if (bytes > 0) {
                scratch.put(order[pos], bytes);
            }
        }
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (String t : first.keySet()) {
            Tensor tensor = g.tensor(t);
            if (planned(g, tensor)) {
                members.computeIfAbsent(find(root, t), k -> new ArrayList<>()).add(t);
            }
        }
        List<Buffer> buffers = new ArrayList<>();
        Map<String, String> bufferOf = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : members.entrySet()) {
            long bytes = 0;
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            for (String t : e.getValue()) {
                bytes = Math.max(bytes, g.tensor(t).sizeBytes());
                lo = Math.min(lo, first.get(t));
                hi = Math.max(hi, last.get(t));
                bufferOf.put(t, e.getKey());
            }
            buffers.add(new Buffer(e.getKey(), e.getValue(), bytes, lo, hi));
        }
        Map<Integer, String> scratchOf = new LinkedHashMap<>();
        for (int pos = 0; pos < n; pos++) {
            Long bytes = scratch.get(order[pos]);
            if (bytes != null) {
                String name = "scratch of op " + order[pos];
                buffers.add(new Buffer(name, List.of(), bytes, pos, pos));
                scratchOf.put(order[pos], name);
            }
        }
        List<Overlap> overlaps = new ArrayList<>();
        for (ShiftedInPlace o : shifted) {
            overlaps.add(new Overlap(o.op(), o.position(), new Tie(find(root, o.input()), find(root, o.output()),
                    o.inputShift())));
        }
        return new Layout(buffers, bufferOf, scratchOf, inPlaceOps, overlaps);
    }

    /** An op whose output may overlap its dying input when the input sits {@code inputShift} bytes above it. */
    private record ShiftedInPlace(int op, int position, String input, String output, long inputShift) {
    }

    private static String find(Map<String, String> root, String t) {
        String r = t;
        while (root.containsKey(r)) {
            r = root.get(r);
        }
        return r;
    }

    /** Bytes in use at each position: the union of the live buffers' byte ranges. */
    private static long[] live(List<Buffer> buffers, Map<String, Long> offsets, int positions) {
        long[] live = new long[Math.max(1, positions)];
        for (int pos = 0; pos < live.length; pos++) {
            List<long[]> ranges = new ArrayList<>();
            for (Buffer b : buffers) {
                if (b.first() <= pos && pos <= b.last() && b.bytes() > 0) {
                    long o = offsets.get(b.name());
                    ranges.add(new long[] {o, o + b.bytes()});
                }
            }
            ranges.sort(java.util.Comparator.comparingLong(r -> r[0]));
            long end = Long.MIN_VALUE;
            for (long[] r : ranges) {
                if (r[1] > end) {
                    live[pos] += r[1] - Math.max(r[0], end);
                    end = r[1];
                }
            }
        }
        return live;
    }
}
