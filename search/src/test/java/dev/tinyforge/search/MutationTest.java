package dev.tinyforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.zoo.ArchitectureSpec;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Genes and mutations: one change at a time, inside the space and the cell, and the spec follows. */
class MutationTest {
    @Test
    void oneActiveChoiceChangesAndTheChildStaysInTheCell() {
        SearchCell cell = SearchCell.around(0.5, 96);
        assertEquals("widths [0.45, 0.5, 0.55] x resolutions [88, 96, 104]", cell.toString());
        for (SearchSpace space : SearchSpace.all()) {
            SplittableRandom rnd = new SplittableRandom(11);
            Set<String> kinds = new HashSet<>();
            for (int i = 0; i < 300; i++) {
                Genome parent = cell.random(space, rnd);
                Mutation m = Mutation.of(parent, space, cell, rnd);
                Genome child = m.child();
                assertTrue(cell.contains(child), m.what());
                int changed = 0;
                int[] a = parent.genes();
                int[] b = child.genes();
                for (int g = 0; g < a.length; g++) {
                    if (a[g] != b[g]) {
                        changed++;
                        assertTrue(space.geneActive(a, g), "inactive gene mutated: " + m.what());
                    }
                }
                changed += parent.width() != child.width() ? 1 : 0;
                changed += parent.resolution() != child.resolution() ? 1 : 0;
                assertEquals(1, changed, m.what());
                space.checkGenes(b);
                String what = m.what();
                String gene = what.substring(0, what.indexOf(' '));
                kinds.add(gene.substring(gene.lastIndexOf('.') + 1));
                ArchitectureSpec ps = space.decode(a, parent.width(), parent.resolution(), 10, 1);
                ArchitectureSpec cs = space.decode(b, child.width(), child.resolution(), 10, 1);
                assertTrue(cs.problems().isEmpty(), cs.problems().toString());
                if (!what.contains(".layers ")) {
                    assertNotEquals(ps.toJson(), cs.toJson(), what);
                }
            }
            if (space.name().equals("ofa-mbv2")) {
                assertEquals(Set.of("kernel", "expand", "depth", "width", "resolution"), kinds);
            } else if (space.name().equals("cnn")) {
                assertEquals(Set.of("kernel", "layers", "ratio", "width", "resolution"), kinds);
            } else {
                assertEquals(Set.of("op", "kernel", "se", "skip", "layers", "width", "resolution"), kinds);
            }
        }
    }

    @Test
    void samplingThroughGenesDrawsAsBefore() {
        for (SearchSpace space : SearchSpace.all()) {
            SplittableRandom a = new SplittableRandom(5);
            SplittableRandom b = new SplittableRandom(5);
            ArchitectureSpec s = space.sample(a, 0.3, 64, 10, 3);
            ArchitectureSpec d = space.decode(space.sampleGenes(b), 0.3, 64, 10, 3);
            assertEquals(s.toJson(), d.toJson());
            assertEquals(a.nextLong(), b.nextLong(), "the same draws were consumed");
            assertEquals(space.geneNames().size(), space.geneArity().length);
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new OfaMobileNetV2Space().decode(new int[] {1}, 0.5, 64, 10, 3));
        assertEquals("ofa-mbv2 space: 1 genes, expected 54", bad.getMessage());
    }

    @Test
    void mnasNetObjectiveFollowsThePaper() {
        CandidateMetrics fast = metrics(0.8, 50.0);
        CandidateMetrics slow = metrics(0.8, 200.0);
        Objective soft = Objective.soft(100);
        assertEquals(0.8 * Math.pow(0.5, -0.07), soft.score(fast), 1e-12);
        assertEquals(0.8 * Math.pow(2, -0.07), soft.score(slow), 1e-12);
        Objective hard = Objective.hard(100);
        assertEquals(0.8, hard.score(fast), 1e-12);
        assertEquals(0.4, hard.score(slow), 1e-12);
        assertEquals(0.8, Objective.ACCURACY.score(slow));
        assertThrows(IllegalStateException.class, () -> soft.score(metrics(0.8, null)));
    }

    private static CandidateMetrics metrics(double accuracy, Double latency) {
        return new CandidateMetrics(CandidateMetrics.TRAINED, "", accuracy, 1.0, 1, 1, 1, 1, 1, latency, 0);
    }
}
