package dev.tinyforge.cli;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.FlashModel;
import dev.tinyforge.boards.ModelFit;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.plan.MemoryPlan;
import dev.tinyforge.plan.MemoryPlanner;
import dev.tinyforge.plan.PatchPlan;
import dev.tinyforge.plan.PatchPlanner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --patches auto|none|N:p} option of {@code plan}, {@code compile}, {@code build} and
 * {@code bench} (a picocli mixin): patch-based inference
 * of the first N ops on p×p patches. {@code auto} keeps the model unpatched when it fits the board's
 * SRAM, else takes the plan that fits with the fewest recomputed MACs, else the smallest arena there is
 * when it beats the unpatched one (the model then does not fit either way).
 */
final class PatchOption {
    @Option(names = "--patches", paramLabel = "auto|none|N:p", defaultValue = "none",
            description = "Patch-based inference of the first layers: none (default), auto (for the board's SRAM: "
                    + "fewest recomputed MACs among the plans that fit) or N:p (the first N ops on p x p patches).")
    String spec;

    /** The plan this option asks for on {@code board}, or {@code null} for none. */
    PatchPlan resolve(Graph g, BoardSpec board) {
        return resolve(spec, g, board);
    }

    private static PatchPlan resolve(String spec, Graph g, BoardSpec board) {
        String s = spec == null ? "none" : spec.trim();
        if (s.equals("none")) {
            return null;
        }
        if (s.equals("auto")) {
            long unpatched = MemoryPlanner.plan(g).arenaBytes();
            if (ModelFit.sramNeeded(unpatched, board) <= board.sramBytes()) {
                return null;
            }
            long budget = board.sramBytes() - ModelFit.sramNeeded(0, board); // what the arena may take
            return PatchPlanner.choose(g, budget).or(() -> PatchPlanner.smallest(g)
                    .filter(p -> p.arenaBytes() < unpatched)).orElse(null);
        }
        String[] parts = s.split(":");
        int n;
        int p;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            n = Integer.parseInt(parts[0]);
            p = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--patches '" + spec + "': expected none, auto or N:p (e.g. 6:4)");
        }
        try {
            return PatchPlanner.plan(g, n, p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--patches " + s + ": " + e.getMessage() + "; legal stage lengths: "
                    + legalSummary(g));
        }
    }

    private static String legalSummary(Graph g) {
        List<Integer> legal = PatchPlanner.legalPrefixes(g);
        return legal.isEmpty() ? "none" : legal.toString();
    }

    /**
     * The fit of the patched model: its arena, the plan of the ops after the stage, the flash (measured
     * on the patched code), and per-op live bytes of both phases.
     */
    static ModelFit fit(Graph g, BoardSpec board, FlashModel flash, PatchPlan pp) {
        List<ModelFit.Layer> layers = new ArrayList<>();
        long[] stage = pp.stageLiveBytes();
        long peak = -1;
        int peakOp = -1;
        String peakWhere = "";
        for (int i = 0; i < pp.ops(); i++) {
            Op op = g.ops().get(i);
            layers.add(new ModelFit.Layer(i, i, op.kind().name(), op.output(), stage[i + 1]));
            if (stage[i + 1] > peak) {
                peak = stage[i + 1];
                peakOp = i;
                peakWhere = "op " + i + " " + op.kind() + " '" + op.output() + "' in the patch stage (" + peak
                        + " bytes live)";
            }
        }
        MemoryPlan rest = pp.restPlan();
        long[] live = rest.liveBytes();
        int[] order = rest.order();
        for (int pos = 0; pos < order.length; pos++) {
            int index = order[pos] + pp.ops();
            Op op = g.ops().get(index);
            layers.add(new ModelFit.Layer(pp.ops() + pos, index, op.kind().name(), op.output(), live[pos]));
            if (live[pos] > peak) {
                peak = live[pos];
                peakOp = index;
                peakWhere = "op " + index + " " + op.kind() + " '" + op.output() + "' (" + peak + " bytes live)";
            }
        }
        long sram = pp.arenaBytes();
        return new ModelFit(board, pp.restPlan(), sram, flash, ModelFit.sramNeeded(sram, board) <= board.sramBytes(),
                !board.hasFlashLimit() || flash.totalBytes() <= board.flashBytes(), peakOp, peakWhere,
                List.copyOf(layers));
    }

    /** The {@code patches} object of {@code plan --json}. */
    static Map<String, Object> json(PatchPlan pp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ops", pp.ops());
        m.put("grid", pp.grid());
        m.put("stage_output", pp.stageOutput());
        m.put("peak_sram_bytes", pp.arenaBytes());
        m.put("stage_sram_bytes", pp.stageArenaBytes());
        m.put("rest_sram_bytes", pp.restPlan().arenaBytes());
        m.put("recompute_macs_percent", Math.round(pp.recomputeMacsPercent() * 100) / 100.0);
        return m;
    }
}
