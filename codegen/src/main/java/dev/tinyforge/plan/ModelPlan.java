package dev.tinyforge.plan;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.target.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan of one model for one target, made once per build and handed to everyone who needs it:
 * the C emitter (arena offsets, in-place layers, scratch), the fit check and the reports (arena size,
 * live bytes per layer, the peak). Layer by layer it is the {@link MemoryPlan}; with patch-based
 * inference, the {@link PatchPlan}'s stage runs first and {@code memory} plans the ops after it.
 *
 * @param memory the plan of the ops run layer by layer (all of them, or those after the patch stage)
 * @param patches the patch stage, or {@code null}
 */
public record ModelPlan(Graph graph, Target target, MemoryPlan memory, PatchPlan patches) {

    /** One op in execution order with the bytes live while it runs. */
    public record Layer(int position, int op, String kind, String output, long liveBytes, boolean inPatchStage) {
    }

    /**
     * Layer by layer: {@link MemoryPlanner}'s plan of the whole graph, lowered first by {@link PadFolding}
     * (so {@link #graph} is the lowered graph: the C and the plan have no foldable PAD).
     */
    public static ModelPlan of(Graph g, Target target) {
        Graph lowered = PadFolding.fold(g);
        return new ModelPlan(lowered, target, MemoryPlanner.plan(lowered, target), null);
    }

    /** Patch-based: the stage of {@code pp}, then its plan of the rest (no PAD folded: the plan is for {@code g}). */
    public static ModelPlan patched(Graph g, Target target, PatchPlan pp) {
        if (!pp.rest().ops().equals(g.ops().subList(pp.ops(), g.ops().size())) || !pp.input().equals(g.inputs().get(0))) {
            throw new IllegalArgumentException("graph " + g.name() + ": the patch plan was made for another graph");
        }
        return new ModelPlan(g, target, pp.restPlan(), pp);
    }

    /** {@link #of} or {@link #patched}, for a patch plan that may be {@code null}. */
    public static ModelPlan of(Graph g, Target target, PatchPlan pp) {
        return pp == null ? of(g, target) : patched(g, target, pp);
    }

    /** The arena: the one static buffer the generated code runs in. */
    public long arenaBytes() {
        return patches == null ? memory.arenaBytes() : patches.arenaBytes();
    }

    /** Every op in execution order (the patch stage first), indices into {@link #graph}. */
    public List<Layer> layers() {
        List<Layer> layers = new ArrayList<>();
        int base = 0;
        if (patches != null) {
            long[] stage = patches.stageLiveBytes();
            for (int i = 0; i < patches.ops(); i++) {
                Op op = graph.ops().get(i);
                layers.add(new Layer(i, i, op.kind().name(), op.output(), stage[i + 1], true));
            }
            base = patches.ops();
        }
        long[] live = memory.liveBytes();
        int[] order = memory.order();
        for (int pos = 0; pos < order.length; pos++) {
            int index = order[pos] + base;
            Op op = graph.ops().get(index);
            layers.add(new Layer(base + pos, index, op.kind().name(), op.output(), live[pos], false));
        }
        return layers;
    }

    /** The layer with the most live bytes (the first, on ties), or {@code null} for a graph without ops. */
    public Layer peak() {
        Layer best = null;
        for (Layer l : layers()) {
            if (best == null || l.liveBytes() > best.liveBytes()) {
                best = l;
            }
        }
        return best;
    }

    /** The peak for messages: {@code op 12 CONV_2D 'name' (123 bytes live)}. */
    public String describePeak() {
        Layer p = peak();
        return p == null ? "no ops" : "op " + p.op() + " " + p.kind() + " '" + p.output() + "'"
                + (p.inPatchStage() ? " in the patch stage" : "") + " (" + p.liveBytes() + " bytes live)";
    }
}
