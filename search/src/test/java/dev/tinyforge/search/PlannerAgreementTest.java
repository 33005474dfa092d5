package dev.tinyforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Boards;
import dev.tinyforge.boards.ModelFit;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.plan.MemoryPlanner;
import dev.tinyforge.target.Target;
import dev.tinyforge.zoo.ArchitectureSpec;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The search's fast figures against the real thing: for random samples of both spaces at several
 * widths and resolutions, the spec lowered by {@code SpecBuilder}, quantized, and planned by
 * {@link MemoryPlanner} for the default board's target. The emulated arena must equal the planner's,
 * the lower bound must not exceed it, the fit in a 64 KB budget (early-stopping path) must be the
 * real planner's, and the MACs must equal the graph's.
 */
class PlannerAgreementTest {
    private static final double[] WIDTHS = {0.2, 0.35, 0.5, 0.75};
    private static final int[] RESOLUTIONS = {32, 64, 128, 224};

    @Test
    void emulatedArenaEqualsThePlanners() {
        Target target = Boards.get(Boards.DEFAULT).target();
        BoardSpec small = Boards64K.withSram(64 * 1024);
        FitBudget budget = FitBudget.of(small);
        int checked = 0;
        int fit = 0;
        long tighter = 0;
        for (SearchSpace space : SearchSpace.all()) {
            SplittableRandom rnd = new SplittableRandom(13);
            for (int i = 0; i < Integer.getInteger("agreement.samples", 100); i++) {
                double w = WIDTHS[i % WIDTHS.length];
                int r = RESOLUTIONS[(i / WIDTHS.length) % RESOLUTIONS.length];
                int channels = i % 3 == 0 ? 1 : 3; // grey images too (Fashion-MNIST)
                ArchitectureSpec spec = space.sample(rnd, w, r, 10, channels);
                Graph g = RealGraphs.int8(spec);
                long real = MemoryPlanner.plan(g, target).arenaBytes();
                ArenaLayout layout = ArenaLayout.of(SpecShapes.of(spec), target);
                String what = space.name() + " sample " + i + " (w " + w + ", r " + r + ", " + channels + " channels)";
                assertEquals(real, new ArenaPlanner(layout).arena(), what + ": arena");
                assertTrue(layout.lowerBound() <= real, what + ": lower bound " + layout.lowerBound() + " > " + real);
                assertFalse(new ArenaPlanner(layout).fitsWithin(real - 1), what + ": fits a byte less than its arena");
                assertTrue(new ArenaPlanner(layout).fitsWithin(real), what + ": fits its own arena");
                assertEquals(g.macs(), SpecShapes.of(spec).stream().mapToLong(SpecShapes.Layer::macs).sum(),
                        what + ": MACs");
                boolean fits = ModelFit.sramNeeded(real, small) <= small.sramBytes();
                assertEquals(fits, new ArenaPlanner(layout).fitsWithin(budget.arenaBytes()), what + ": fit in 64 KB (arena " + real + ")");
                fit += fits ? 1 : 0;
                tighter += real - layout.lowerBound();
                checked++;
            }
        }
        System.out.println("checked " + checked + " samples, " + fit + " fit 64 KB; mean gap planner - lower bound "
                + tighter / checked + " bytes");
        assertTrue(fit > checked / 5 && fit < checked * 4 / 5, "the 64 KB budget splits the samples: " + fit + " fit");
    }
}
