package dev.tinyforge.search;

import java.util.List;
import java.util.SplittableRandom;

/** The baseline: every candidate drawn uniformly from the cell, independently of the history. */
final class RandomSearch implements SearchStrategy {
    @Override
    public String name() {
        return "random";
    }

    @Override
    public Proposal propose(SplittableRandom rnd, List<Candidate> history, SearchSpace space, SearchCell cell,
            Objective objective) {
        return Proposal.random(cell.random(space, rnd));
    }
}
