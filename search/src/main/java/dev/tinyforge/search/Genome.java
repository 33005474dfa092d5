package dev.tinyforge.search;

import java.util.Arrays;

/**
 * A point of a search space inside a stage-2 cell: the space's choices as gene values (indices into
 * each choice, {@link SearchSpace#geneArity}) plus the width multiplier and the input resolution.
 * It is what regularized evolution mutates and what the history log records, so that a logged
 * candidate can be compared with the one a resumed search proposes.
 */
public record Genome(int[] genes, double width, int resolution) {

    public Genome {
        genes = genes.clone();
    }

    @Override
    public int[] genes() {
        return genes.clone();
    }

    /** The same genome with gene {@code index} set to {@code value}. */
    Genome with(int index, int value) {
        int[] g = genes.clone();
        g[index] = value;
        return new Genome(g, width, resolution);
    }

    Genome withWidth(double w) {
        return new Genome(genes, w, resolution);
    }

    Genome withResolution(int r) {
        return new Genome(genes, width, r);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Genome g && Arrays.equals(g.genes, genes) && Double.compare(g.width, width) == 0
                && g.resolution == resolution;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(genes) * 31 + Double.hashCode(width) * 17 + resolution;
    }

    @Override
    public String toString() {
        return "width " + width + ", resolution " + resolution + ", genes " + Arrays.toString(genes);
    }
}
