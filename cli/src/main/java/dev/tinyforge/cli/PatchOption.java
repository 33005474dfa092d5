package dev.tinyforge.cli;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.deploy.PatchPolicy;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.plan.PatchPlan;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --patches auto|none|N:p} option of {@code plan}, {@code compile}, {@code build} and
 * {@code bench} (a picocli mixin): patch-based inference of the first N ops on p×p patches, as
 * {@link PatchPolicy} decides.
 */
final class PatchOption {
    @Option(names = "--patches", paramLabel = "auto|none|N:p", defaultValue = "none",
            description = "Patch-based inference of the first layers: none (default), auto (for the board's SRAM: "
                    + "fewest recomputed MACs among the plans that fit) or N:p (the first N ops on p x p patches).")
    String spec;

    /** The plan this option asks for on {@code board}, or {@code null} for none. */
    PatchPlan resolve(Graph g, BoardSpec board) {
        return PatchPolicy.resolve(spec, g, board);
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
