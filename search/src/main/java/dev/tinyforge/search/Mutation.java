package dev.tinyforge.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Regularized evolution's mutation (Real et al., AmoebaNet, 2019): one choice of the parent changed to
 * another of its values, uniformly among the active genes of the space (kernel, expansion, depth in
 * the MCUNet space; op, kernel, squeeze-excitation, skip, layers in MnasNet's) and the width and the
 * resolution when the cell offers more than one.
 *
 * @param child the mutated genome
 * @param what the gene changed and its old and new value index, e.g. {@code stage3.block1.kernel 0->2}
 */
record Mutation(Genome child, String what) {

    static Mutation of(Genome parent, SearchSpace space, SearchCell cell, SplittableRandom rnd) {
        int[] genes = parent.genes();
        int[] arity = space.geneArity();
        List<Integer> choices = new ArrayList<>();
        for (int i = 0; i < genes.length; i++) {
            if (arity[i] > 1 && space.geneActive(genes, i)) {
                choices.add(i);
            }
        }
        double[] widths = cell.widths();
        int[] resolutions = cell.resolutions();
        int widthSlot = widths.length > 1 ? choices.size() : -1;
        int resolutionSlot = resolutions.length > 1 ? choices.size() + (widthSlot >= 0 ? 1 : 0) : -1;
        int slots = choices.size() + (widthSlot >= 0 ? 1 : 0) + (resolutionSlot >= 0 ? 1 : 0);
        if (slots == 0) {
            throw new IllegalArgumentException("the " + space.name() + " space in " + cell + " has nothing to mutate");
        }
        int pick = rnd.nextInt(slots);
        if (pick == widthSlot) {
            int from = indexOf(widths, parent.width());
            int to = other(from, widths.length, rnd);
            return new Mutation(parent.withWidth(widths[to]), "width " + parent.width() + "->" + widths[to]);
        }
        if (pick == resolutionSlot) {
            int from = indexOf(resolutions, parent.resolution());
            int to = other(from, resolutions.length, rnd);
            return new Mutation(parent.withResolution(resolutions[to]),
                    "resolution " + parent.resolution() + "->" + resolutions[to]);
        }
        int gene = choices.get(pick);
        int to = other(genes[gene], arity[gene], rnd);
        return new Mutation(parent.with(gene, to), space.geneNames().get(gene) + " " + genes[gene] + "->" + to);
    }

    /** A value of 0..n-1 other than {@code from} (any when {@code from} is outside), uniformly. */
    private static int other(int from, int n, SplittableRandom rnd) {
        if (from < 0 || from >= n) {
            return rnd.nextInt(n);
        }
        int v = rnd.nextInt(n - 1);
        return v >= from ? v + 1 : v;
    }

    private static int indexOf(double[] values, double v) {
        for (int i = 0; i < values.length; i++) {
            if (Double.compare(values[i], v) == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(int[] values, int v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
