package dev.tinyforge.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Regularized (aging) evolution, AmoebaNet's algorithm (Real et al., AAAI 2019, Algorithm 1): the
 * first {@code population} candidates are random; after that, {@code sample} members of the
 * population are drawn at random with replacement, the best of them by the objective is the parent,
 * and the child is the parent with one mutation ({@link Mutation}). The population is always the
 * {@code population} most recently trained candidates: the child enters and the oldest dies, whatever
 * its accuracy, which is the aging that keeps a lucky early proxy score from ruling the search.
 * Ties in the tournament go to the first drawn.
 */
final class RegularizedEvolution implements SearchStrategy {
    private final int population;
    private final int sample;

    RegularizedEvolution(int population, int sample) {
        if (population < 2 || population > 10_000) {
            throw new IllegalArgumentException("--population " + population + " is out of range; use 2 to 10000");
        }
        if (sample < 1 || sample > population) {
            throw new IllegalArgumentException("--sample " + sample + " is out of range; use 1 to the population ("
                    + population + ")");
        }
        this.population = population;
        this.sample = sample;
    }

    @Override
    public String name() {
        return "evolution";
    }

    @Override
    public Proposal propose(SplittableRandom rnd, List<Candidate> history, SearchSpace space, SearchCell cell,
            Objective objective) {
        if (history.size() < population) {
            return Proposal.random(cell.random(space, rnd));
        }
        List<Integer> members = new ArrayList<>();
        for (int i = history.size() - population; i < history.size(); i++) {
            members.add(history.get(i).index());
        }
        List<Integer> tournament = new ArrayList<>();
        Candidate parent = null;
        for (int k = 0; k < sample; k++) {
            Candidate c = history.get(history.size() - population + rnd.nextInt(population));
            tournament.add(c.index());
            if (parent == null || objective.score(c.metrics()) > objective.score(parent.metrics())) {
                parent = c;
            }
        }
        Mutation m = Mutation.of(parent.genome(), space, cell, rnd);
        return new Proposal(m.child(), "mutation", parent.index(), m.what(), members, tournament);
    }
}
