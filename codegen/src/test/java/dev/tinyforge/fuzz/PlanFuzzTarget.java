package dev.tinyforge.fuzz;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.plan.MemoryPlanner;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.plan.PatchPlan;
import dev.tinyforge.target.Target;

/**
 * Fuzz target (b): the memory planner on whatever the reader accepts, as {@code plan} runs it: the
 * layer-by-layer plan for a Cortex-M7, its layers and peak, the other planners {@code plan --compare}
 * shows, and a patch plan of the first legal stage on a 2x2 grid when the model has one.
 */
public final class PlanFuzzTarget {
    static final Target TARGET = Target.cortexM("cortex-m7", "armv7e-m", "fpv5-d16");

    private PlanFuzzTarget() {
    }

    /**
     * Jazzer calls this once before fuzzing: the seeds run through the target first, so that loading and
     * instrumenting the classes they reach is not timed as the first input (it took over 10 s on a
     * loaded machine, which the fuzzer reported as a hang).
     */
    public static void fuzzerInitialize() {
        FuzzCorpus.seeds().values().forEach(PlanFuzzTarget::fuzzerTestOneInput);
    }

    public static void fuzzerTestOneInput(byte[] data) {
        Graph g = FuzzProperty.read(data);
        if (g == null) {
            return;
        }
        try {
            plan(g);
        } catch (RuntimeException e) {
            FuzzProperty.refusedLater(e);
        }
    }

    /** Every plan {@code plan} makes of {@code g}; the patch plan, or null when no stage can run on 2x2 patches. */
    static PatchPlan plan(Graph g) {
        ModelPlan p = ModelPlan.of(g, TARGET);
        p.layers();
        p.peak();
        MemoryPlanner.naive(g, TARGET);
        MemoryPlanner.plan(g, TARGET, MemoryPlanner.Options.tflmGreedy());
        MemoryPlanner.plan(g, TARGET, MemoryPlanner.Options.withoutInPlace());
        PatchPlan pp = FirstStage.of(g, TARGET);
        if (pp != null) {
            ModelPlan.of(g, TARGET, pp).layers();
        }
        return pp;
    }
}
