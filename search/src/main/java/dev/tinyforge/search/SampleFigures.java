package dev.tinyforge.search;

import dev.tinyforge.target.Target;
import dev.tinyforge.zoo.ArchitectureSpec;
import java.util.List;

/**
 * One sub-network's figures, from its spec alone: MACs, constant (flash) data, and whether it fits a
 * budget. The SRAM test runs the planner's algorithm ({@link ArenaPlanner}) only when the arena's lower
 * bound is within the budget, and stops once a plan within it is found; {@link #arena} gives the full
 * figure.
 *
 * @param sramFits whether the arena fits; false without planning when the flash already does not
 */
record SampleFigures(long macs, long constantBytes, boolean flashFits, boolean sramFits) {

    boolean fits() {
        return flashFits && sramFits;
    }

    static SampleFigures of(ArchitectureSpec spec, FitBudget budget) {
        List<SpecShapes.Layer> layers = SpecShapes.of(spec);
        long macs = SpecShapes.macs(layers);
        long constants = FlashFigure.constantBytes(layers);
        boolean flash = budget.flashFits(constants);
        boolean sram = flash && new ArenaPlanner(ArenaLayout.of(layers, budget.board().target())).fitsWithin(budget.arenaBytes());
        return new SampleFigures(macs, constants, flash, sram);
    }

    /** The planner's arena for a spec on a target (the whole algorithm, no early stop). */
    static long arena(ArchitectureSpec spec, Target target) {
        return new ArenaPlanner(ArenaLayout.of(SpecShapes.of(spec), target)).arena();
    }
}
