package dev.tinyforge.search;

import java.util.List;

/**
 * A strategy's next candidate and how it came about, as the history log records it.
 *
 * @param origin {@code random} or {@code mutation}
 * @param parent the history index of the parent, or -1
 * @param mutation what the mutation changed, or empty
 * @param population the history indices of the population the parent was chosen from (empty for random)
 * @param tournament the indices sampled for the tournament (with replacement, as AmoebaNet does)
 */
public record Proposal(Genome genome, String origin, int parent, String mutation, List<Integer> population,
        List<Integer> tournament) {

    static Proposal random(Genome g) {
        return new Proposal(g, "random", -1, "", List.of(), List.of());
    }
}
