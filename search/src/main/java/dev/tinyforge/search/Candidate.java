package dev.tinyforge.search;

import dev.tinyforge.zoo.ArchitectureSpec;

/**
 * One trained candidate of a stage-2 search: its place in the history, where it came from, its spec
 * and what the evaluator measured.
 *
 * @param index 0-based position among the trained candidates
 * @param rejectedBefore proposals refused since the previous candidate because they did not fit
 * @param score the objective's value
 */
public record Candidate(int index, Proposal proposal, int rejectedBefore, ArchitectureSpec spec,
        CandidateMetrics metrics, double score) {

    public Genome genome() {
        return proposal.genome();
    }
}
