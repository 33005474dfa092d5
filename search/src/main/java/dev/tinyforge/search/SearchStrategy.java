package dev.tinyforge.search;

import java.util.List;
import java.util.SplittableRandom;

/**
 * How stage 2 picks its next candidate from what it has evaluated. A strategy keeps no state of its
 * own: the next proposal is a function of the random stream and the history, which is what lets a
 * resumed search replay its log and continue exactly as an uninterrupted one.
 */
public interface SearchStrategy {
    String name();

    /**
     * @param history the candidates trained so far, in order
     */
    Proposal propose(SplittableRandom rnd, List<Candidate> history, SearchSpace space, SearchCell cell,
            Objective objective);

    /**
     * @throws IllegalArgumentException naming the strategies when {@code name} is not one
     */
    static SearchStrategy get(String name, int population, int sample) {
        return switch (name) {
            case "random" -> new RandomSearch();
            case "evolution" -> new RegularizedEvolution(population, sample);
            default -> throw new IllegalArgumentException("unknown strategy '" + name + "'; known: evolution, random");
        };
    }
}
