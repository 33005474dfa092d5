package dev.tinyforge.fuzz;

import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.plan.PatchPlan;

/**
 * Fuzz target (c): C emission of whatever the reader accepts, as {@code compile} runs it: layer by
 * layer for a Cortex-M7, and with the first legal patch stage when there is one.
 */
public final class EmitFuzzTarget {
    private EmitFuzzTarget() {
    }

    /**
     * Jazzer calls this once before fuzzing: the seeds run through the target first, so that loading and
     * instrumenting the classes they reach is not timed as the first input (it took over 10 s on a
     * loaded machine, which the fuzzer reported as a hang).
     */
    public static void fuzzerInitialize() {
        FuzzCorpus.seeds().values().forEach(EmitFuzzTarget::fuzzerTestOneInput);
    }

    public static void fuzzerTestOneInput(byte[] data) {
        Graph g = FuzzProperty.read(data);
        if (g == null) {
            return;
        }
        try {
            emit(g);
        } catch (RuntimeException e) {
            FuzzProperty.refusedLater(e);
        }
    }

    /** The C {@code compile} emits for {@code g}, layer by layer and with the first legal patch stage. */
    static void emit(Graph g) {
        String prefix = CEmitter.prefixFor(g.name());
        CEmitter.emit(ModelPlan.of(g, PlanFuzzTarget.TARGET), prefix, "fuzz");
        PatchPlan pp = FirstStage.of(g, PlanFuzzTarget.TARGET);
        if (pp != null) {
            CEmitter.emit(ModelPlan.of(g, PlanFuzzTarget.TARGET, pp), prefix, "fuzz");
        }
    }
}
