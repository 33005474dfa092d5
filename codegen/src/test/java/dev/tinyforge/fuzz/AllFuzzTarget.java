package dev.tinyforge.fuzz;

import dev.tinyforge.ir.Graph;

/**
 * Fuzz target for CI's short run: each input through the three entry points at once (read and verify, then
 * plan, then emit C), so one child JVM pays the start-up and instrumentation that three would pay (most of
 * the smoke test's time on a loaded machine). The long run keeps one JVM per target.
 */
public final class AllFuzzTarget {
    private AllFuzzTarget() {
    }

    /** The seeds first, so that loading the classes they reach is not timed as the first input. */
    public static void fuzzerInitialize() {
        FuzzCorpus.seeds().values().forEach(AllFuzzTarget::fuzzerTestOneInput);
    }

    public static void fuzzerTestOneInput(byte[] data) {
        Graph g = FuzzProperty.read(data);
        if (g == null) {
            return;
        }
        try {
            PlanFuzzTarget.plan(g);
        } catch (RuntimeException e) {
            FuzzProperty.refusedLater(e);
        }
        try {
            EmitFuzzTarget.emit(g);
        } catch (RuntimeException e) {
            FuzzProperty.refusedLater(e);
        }
    }
}
