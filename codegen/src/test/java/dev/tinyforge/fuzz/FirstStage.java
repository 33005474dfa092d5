package dev.tinyforge.fuzz;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.PatchPlan;
import dev.tinyforge.plan.PatchPlanner;
import dev.tinyforge.target.Target;

/**
 * The patch plan the fuzz targets try: the first legal stage whose output can be split 2x2. One plan
 * instead of every candidate keeps an input's cost small; which prefix is legal is what varies.
 */
final class FirstStage {
    private FirstStage() {
    }

    static PatchPlan of(Graph g, Target target) {
        for (int n : PatchPlanner.legalPrefixes(g)) {
            Tensor out = g.tensor(g.ops().get(n - 1).output());
            if (out.rank() == 4 && out.dim(1) >= 2 && out.dim(2) >= 2) {
                return PatchPlanner.plan(g, target, n, 2);
            }
        }
        return null;
    }
}
