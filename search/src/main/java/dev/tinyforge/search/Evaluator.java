package dev.tinyforge.search;

import dev.tinyforge.zoo.ArchitectureSpec;
import java.util.function.BooleanSupplier;

/**
 * Runs {@link CandidateEvaluator} for the search: the seam where a distributed engine would take
 * candidates instead of the local cores.
 */
public interface Evaluator {
    /**
     * @param stop asked during training; true stops it with {@link CandidateEvaluator.Cancelled}
     */
    CandidateMetrics evaluate(ArchitectureSpec spec, BooleanSupplier stop);
}
