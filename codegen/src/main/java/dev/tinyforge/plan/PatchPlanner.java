package dev.tinyforge.plan;

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
import java.util.Optional;
import java.util.Set;

/**
 * Plans patch-based inference (MCUNetV2, Lin et al. 2021): the high-resolution first layers dominate
 * the peak memory of MCU networks, so they run on spatial patches whose receptive-field overlap is
 * recomputed, and only the stage's (smaller) output is ever whole. Which ops may be in the stage is
 * {@link PatchStage}'s rule.
 *
 * <p>Tiles: the stage output is split into {@code p}×{@code p} rectangles with boundaries at
 * {@code ⌊i·H/p⌋} (shares differ by at most one row or column); walking the stage ops
 * backwards, each tensor's tile is the union of what its readers need ({@link PatchStage#need}).
 * Memory: the full stage output and the full int8 model input (counted as the unpatched plan counts
 * it) live through the stage, with one buffer per tile sized for the largest patch (no in-place
 * inside the stage); the rest of the graph is planned by {@link MemoryPlanner} with the stage output
 * as its input, and the stage buffers are placed around that tensor's offset. Deterministic.
 */
public final class PatchPlanner {
    /** Grids {@link #choose} and {@link #smallest} try: 2×2 to 8×8. */
    public static final int MIN_GRID = 2;
    public static final int MAX_GRID = 8;

    private PatchPlanner() {
    }

    /** The stage lengths {@code n} for which the first {@code n} ops may run in patches. */
    public static List<Integer> legalPrefixes(Graph g) {
        List<Integer> ns = new ArrayList<>();
        for (int n = 1; n < g.ops().size(); n++) {
            if (PatchStage.illegal(g, n) == null) {
                ns.add(n);
            }
        }
        return ns;
    }

    /**
     * The plan for the first {@code n} ops on a {@code grid}×{@code grid} split.
     *
     * @throws IllegalArgumentException naming the op and the reason when the prefix cannot run in
     *     patches, or when the grid is finer than the stage output
     */
    public static PatchPlan plan(Graph g, Target target, int n, int grid) {
        return plan(g, target, n, grid, new HashMap<>());
    }

    /**
     * Among the legal (n, grid) whose arena fits {@code budgetBytes}, the one recomputing the fewest
     * MACs (ties: smaller arena, then shorter stage, then coarser grid); empty when none fits, or when
     * the model has no legal stage.
     */
    public static Optional<PatchPlan> choose(Graph g, Target target, long budgetBytes) {
        PatchPlan best = null;
        for (PatchPlan p : candidates(g, target)) {
            if (p.arenaBytes() <= budgetBytes && (best == null || p.patchedStageMacs() - p.stageMacs()
                    < best.patchedStageMacs() - best.stageMacs()
                    || p.patchedStageMacs() - p.stageMacs() == best.patchedStageMacs() - best.stageMacs()
                    && p.arenaBytes() < best.arenaBytes())) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The legal (n, grid) with the smallest arena (ties: fewer recomputed MACs); empty without a legal stage. */
    public static Optional<PatchPlan> smallest(Graph g, Target target) {
        PatchPlan best = null;
        for (PatchPlan p : candidates(g, target)) {
            if (best == null || p.arenaBytes() < best.arenaBytes() || p.arenaBytes() == best.arenaBytes()
                    && p.patchedStageMacs() < best.patchedStageMacs()) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every legal plan, by stage length then grid. */
    private static List<PatchPlan> candidates(Graph g, Target target) {
        Map<Integer, Object[]> rests = new HashMap<>();
        List<PatchPlan> all = new ArrayList<>();
        for (int n : legalPrefixes(g)) {
            Tensor out = g.tensor(g.ops().get(n - 1).output());
            for (int grid = MIN_GRID; grid <= Math.min(MAX_GRID, Math.min(out.dim(1), out.dim(2))); grid++) {
                all.add(plan(g, target, n, grid, rests));
            }
        }
        return all;
    }

    private static PatchPlan plan(Graph g, Target target, int n, int grid, Map<Integer, Object[]> rests) {
        String why = PatchStage.illegal(g, n);
        if (why != null) {
            throw new IllegalArgumentException("graph " + g.name() + ": the first " + n
                    + " ops cannot run in patches: " + why);
        }
        List<Op> stage = g.ops().subList(0, n);
        String input = g.inputs().get(0);
        String last = stage.get(n - 1).output();
        Tensor out = g.tensor(last);
        if (grid < 1 || grid > out.dim(1) || grid > out.dim(2)) {
            throw new IllegalArgumentException("graph " + g.name() + ": a " + grid + "x" + grid + " grid does not "
                    + "fit stage output '" + last + "' " + java.util.Arrays.toString(out.shape()));
        }
        List<PatchPlan.Patch> patches = new ArrayList<>();
        for (int r = 0; r < grid; r++) {
            for (int c = 0; c < grid; c++) {
                TileRect share = new TileRect(r * out.dim(1) / grid, (r + 1) * out.dim(1) / grid,
                        c * out.dim(2) / grid, (c + 1) * out.dim(2) / grid);
                patches.add(new PatchPlan.Patch(r, c, tiles(g, stage, share)));
            }
        }
        Object[] rest = rests.computeIfAbsent(n, k -> {
            Graph rg = restGraph(g, n);
            return new Object[] {rg, MemoryPlanner.plan(rg, target)};
        });
        Graph restGraph = (Graph) rest[0];
        MemoryPlan restPlan = (MemoryPlan) rest[1];
        // buffers of the stage: name -> {bytes, first, last}; positions: 0 copies the input tile in,
        // op i is at i + 1, n + 1 copies the stage output tile out
        Map<String, long[]> buffers = new LinkedHashMap<>();
        long inputBytes = g.tensor(input).sizeBytes();
        buffers.put(input, new long[] {inputBytes, 0, n + 1});
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < n; i++) {
            for (String in : stage.get(i).inputs()) {
                lastUse.put(in, i + 1);
            }
        }
        lastUse.put(last, n + 1);
        List<String> tiled = new ArrayList<>();
        tiled.add(input);
        for (Op op : stage) {
            tiled.add(op.output());
        }
        Map<String, Long> tileBytes = new LinkedHashMap<>();
        for (int t = 0; t < tiled.size(); t++) {
            String name = tiled.get(t);
            long bytes = 0;
            for (PatchPlan.Patch p : patches) {
                bytes = Math.max(bytes, p.tile(name).area() * g.tensor(name).dim(3));
            }
            tileBytes.put(PatchPlan.tileName(name), bytes);
            buffers.put(PatchPlan.tileName(name), new long[] {bytes, t, lastUse.get(name)});
        }
        for (int i = 0; i < n; i++) {
            Op op = stage.get(i);
            if (!PatchStage.elementwise(op)) {
                continue;
            }
            boolean outputHoldsACopy = false;
            for (int j = 0; j < op.inputs().size(); j++) {
                if (!mismatch(patches, op.input(j), op.output())) {
                    continue;
                }
                if (!outputHoldsACopy) {
                    outputHoldsACopy = true; // copied into the output tile, the op then runs in place
                    continue;
                }
                long bytes = tileBytes.get(PatchPlan.tileName(op.output()));
                tileBytes.put(PatchPlan.scratchName(i, j), bytes);
                buffers.put(PatchPlan.scratchName(i, j), new long[] {bytes, i + 1, i + 1});
            }
        }
        long stageOutputOffset = restPlan.offset(last);
        Map<String, Long> offsets = place(buffers, last, out.sizeBytes(), stageOutputOffset, n + 1);
        long stageTop = stageOutputOffset + out.sizeBytes();
        for (Map.Entry<String, long[]> e : buffers.entrySet()) {
            stageTop = Math.max(stageTop, offsets.get(e.getKey()) + e.getValue()[0]);
        }
        Map<String, Long> tileOffsets = new LinkedHashMap<>();
        for (String name : tileBytes.keySet()) {
            tileOffsets.put(name, offsets.get(name));
        }
        long stageMacs = 0;
        long patchedMacs = 0;
        for (Op op : stage) {
            long macs = g.macs(op);
            Tensor y = g.tensor(op.output());
            stageMacs += macs;
            for (PatchPlan.Patch p : patches) {
                patchedMacs += macs / ((long) y.dim(1) * y.dim(2)) * p.tile(op.output()).area();
            }
        }
        long[] live = new long[n + 2];
        for (int pos = 0; pos < live.length; pos++) {
            live[pos] = out.sizeBytes();
            for (long[] b : buffers.values()) {
                live[pos] += b[1] <= pos && pos <= b[2] ? b[0] : 0;
            }
        }
        return new PatchPlan(n, grid, input, last, patches, tileOffsets, tileBytes, offsets.get(input),
                stageOutputOffset, restGraph, restPlan, stageTop, live, Math.max(stageTop, restPlan.arenaBytes()),
                stageMacs, patchedMacs, g.macs());
    }

    /**
     * The padding a spatial stage op is called with on one patch, so that its kernel, given the input
     * tile as if it were the whole input, reads exactly the input pixels it reads unpatched: for a window
     * with stride s and padding p, {@code p + in.y0 − out.y0·s} rows (columns likewise). Negative when
     * the tile starts above the first row the output tile needs (another reader needed more); out-of-tile
     * positions the kernel skips are then exactly the out-of-image ones. PAD gets its 8 paddings
     * (batch, height, width, channels; before and after).
     */
    public static int[] tilePadding(Graph g, Op op, TileRect in, TileRect out) {
        return ((SpatialWindow) op.kind()).tilePadding(PatchStage.window(g, op), in, out);
    }

    /** Whether the stage copies element-wise input {@code input} of stage op {@code op} before running it. */
    public static boolean copiesInput(PatchPlan plan, Graph g, int op, int input) {
        Op o = g.ops().get(op);
        return PatchStage.elementwise(o) && mismatch(plan.patches(), o.input(input), o.output());
    }

    /** Whether an element-wise input's tile differs from the output's in some patch (it is then copied). */
    static boolean mismatch(List<PatchPlan.Patch> patches, String input, String output) {
        for (PatchPlan.Patch p : patches) {
            if (!p.tile(input).equals(p.tile(output))) {
                return true;
            }
        }
        return false;
    }

    /** Each stage tensor's tile for one patch: the union of what its readers need, walking backwards. */
    private static Map<String, TileRect> tiles(Graph g, List<Op> stage, TileRect share) {
        Map<String, TileRect> tiles = new LinkedHashMap<>();
        tiles.put(stage.get(stage.size() - 1).output(), share);
        for (int i = stage.size() - 1; i >= 0; i--) {
            Op op = stage.get(i);
            TileRect o = tiles.get(op.output());
            if (o == null) {
                throw new IllegalStateException("op " + i + " '" + op.output() + "' is read by nothing in the stage");
            }
            int activations = PatchStage.elementwise(op) ? op.inputs().size() : 1;
            for (int j = 0; j < activations; j++) {
                tiles.merge(op.input(j), PatchStage.need(g, op, j, o), TileRect::union);
            }
        }
        return tiles;
    }

    /** The ops after the stage as a graph reading the stage output. */
    static Graph restGraph(Graph g, int n) {
        String last = g.ops().get(n - 1).output();
        Set<String> used = new LinkedHashSet<>();
        used.add(last);
        List<Op> ops = g.ops().subList(n, g.ops().size());
        for (Op op : ops) {
            used.addAll(op.inputs());
            used.addAll(op.outputs());
        }
        List<Tensor> tensors = new ArrayList<>();
        for (Tensor t : g.tensors()) {
            if (used.contains(t.name())) {
                tensors.add(t);
            }
        }
        return new Graph(g.name(), tensors, ops, List.of(last), g.outputs(), g.metadata());
    }

    /**
     * First fit, largest first, around the stage output pinned at its offset in the rest's plan; all
     * buffers are 4-byte aligned like the arena's.
     */
    private static Map<String, Long> place(Map<String, long[]> buffers, String pinned, long pinnedBytes,
            long pinnedOffset, int lastPosition) {
        List<String> names = new ArrayList<>(buffers.keySet());
        names.sort((a, b) -> Long.compare(buffers.get(b)[0], buffers.get(a)[0])); // stable
        Map<String, Long> offsets = new LinkedHashMap<>();
        List<long[]> placed = new ArrayList<>(); // {offset, bytes, first, last}
        placed.add(new long[] {pinnedOffset, pinnedBytes, 0, lastPosition});
        for (String name : names) {
            long[] b = buffers.get(name);
            List<Long> candidates = new ArrayList<>();
            candidates.add(0L);
            for (long[] p : placed) {
                if (p[2] <= b[2] && b[1] <= p[3]) {
                    candidates.add(Placement.align(p[0] + p[1], MemoryPlanner.ALIGN));
                }
            }
            candidates.sort(null);
            for (long off : candidates) {
                boolean free = true;
                for (long[] p : placed) {
                    if (p[2] <= b[2] && b[1] <= p[3] && off < p[0] + p[1] && p[0] < off + b[0] && b[0] > 0) {
                        free = false;
                        break;
                    }
                }
                if (free) {
                    offsets.put(name, off);
                    placed.add(new long[] {off, b[0], b[1], b[2]});
                    break;
                }
            }
        }
        return offsets;
    }
}
