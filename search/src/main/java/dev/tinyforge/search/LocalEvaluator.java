package dev.tinyforge.search;

import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.ArchitectureSpec;
import java.util.function.BooleanSupplier;

/**
 * Candidates on this machine, one at a time, libtorch using the proxy budget's threads (2 by default
 * on the 2-core machine). One at a time because regularized evolution is a steady-state algorithm:
 * each child's parent is chosen from results that include the previous child, so running candidates
 * concurrently would change which parents are seen unless the results were reordered; and libtorch's
 * intra-op threads already keep both cores busy on these small networks, while two concurrent trainings
 * would each need their own copies of the data pipeline and weights.
 */
public record LocalEvaluator(ProxyData data, long seed, ProxyBudget budget, FitBudget fit, LatencyModel latency,
        Progress progress) implements Evaluator {

    @Override
    public CandidateMetrics evaluate(ArchitectureSpec spec, BooleanSupplier stop) {
        return CandidateEvaluator.evaluate(spec, data, seed, budget, fit, latency, progress, stop);
    }
}
