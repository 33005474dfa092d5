package dev.tinyforge.search;

import dev.tinyforge.zoo.ArchitectureSpec;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A family of architectures the search draws from. A sample is a plain {@link ArchitectureSpec} with
 * the width multiplier already applied to its channel counts (so it builds at width 1.0 and its JSON is
 * the zoo's spec format, readable by every command that takes a spec file) at the sampled resolution.
 */
public interface SearchSpace {

    /** The name users select it by, e.g. {@code ofa-mbv2}. */
    String name();

    /** One line for people: where the space comes from and what it varies. */
    String description();

    /**
     * A random sub-network at this width and resolution; the same random state gives the same spec.
     *
     * @param classes classes of the classifier
     * @param inputChannels channels of the input image
     */
    default ArchitectureSpec sample(SplittableRandom random, double width, int resolution, int classes,
            int inputChannels) {
        return decode(sampleGenes(random), width, resolution, classes, inputChannels);
    }

    /**
     * The names of the space's choices, one per gene, in draw order (e.g. {@code stage2.block1.kernel}):
     * stage 2 logs its mutations by them.
     */
    List<String> geneNames();

    /** How many values each gene takes; a gene's value is an index into its choices. */
    int[] geneArity();

    /**
     * Draws every gene in the space's fixed order; genes the draw makes irrelevant (the blocks beyond a
     * stage's depth) are left at 0 without a draw, so {@link #sample} consumes the random state exactly
     * as drawing the network directly would.
     */
    int[] sampleGenes(SplittableRandom random);

    /** Whether gene {@code index} changes the network given the other genes (mutations only touch those). */
    boolean geneActive(int[] genes, int index);

    /**
     * The network of these genes at this width and resolution.
     *
     * @throws IllegalArgumentException when the genes do not match {@link #geneArity}
     */
    ArchitectureSpec decode(int[] genes, double width, int resolution, int classes, int inputChannels);

    /** Checks genes against the arity: the right count, each value in range. */
    default void checkGenes(int[] genes) {
        int[] arity = geneArity();
        if (genes.length != arity.length) {
            throw new IllegalArgumentException(name() + " space: " + genes.length + " genes, expected " + arity.length);
        }
        for (int i = 0; i < genes.length; i++) {
            if (genes[i] < 0 || genes[i] >= arity[i]) {
                throw new IllegalArgumentException(name() + " space: gene " + geneNames().get(i) + " = " + genes[i]
                        + ", expected 0.." + (arity[i] - 1));
            }
        }
    }

    /**
     * The space's smallest sub-network at this width and resolution: every choice at its least
     * (fewest layers, smallest kernel and expansion), for "nothing fits" messages.
     */
    ArchitectureSpec smallest(double width, int resolution, int classes, int inputChannels);

    /**
     * The width multipliers of stage 1's grid for this space: MCUNet's 0.1 to 1.0 unless the space is
     * built for another scale.
     */
    default double[] widths() {
        return Stage1Config.DEFAULT_WIDTHS.clone();
    }

    /** The input resolutions of stage 1's grid: MCUNet's 48 to 224 unless the space is built for another scale. */
    default int[] resolutions() {
        return Stage1Config.DEFAULT_RESOLUTIONS.clone();
    }

    /** The spaces, by name. */
    static List<SearchSpace> all() {
        return List.of(new OfaMobileNetV2Space(), new MnasNetSpace(), new CnnSpace());
    }

    /**
     * @throws IllegalArgumentException naming the known spaces when {@code name} is not one
     */
    static SearchSpace get(String name) {
        for (SearchSpace s : all()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown search space '" + name + "'; known: "
                + String.join(", ", all().stream().map(SearchSpace::name).toList()));
    }

    /** Gene names of a space whose stages draw the same genes: {@code stage1.kernel}, ... in stage order. */
    static List<String> stageGeneNames(int stages, String... genes) {
        List<String> names = new java.util.ArrayList<>();
        for (int s = 0; s < stages; s++) {
            for (String g : genes) {
                names.add("stage" + (s + 1) + "." + g);
            }
        }
        return names;
    }

    /** The arity of {@link #stageGeneNames}: each stage's genes take {@code arity} values. */
    static int[] stageGeneArity(int stages, int... arity) {
        int[] all = new int[stages * arity.length];
        for (int s = 0; s < stages; s++) {
            System.arraycopy(arity, 0, all, s * arity.length, arity.length);
        }
        return all;
    }

    /** A channel count at width 1.0 scaled by the width rule every spec uses. */
    static int scaled(int channels, double width) {
        return ArchitectureSpec.scaleChannels(channels, width, ArchitectureSpec.DEFAULT_CHANNEL_DIVISOR);
    }

    /** The description a sample carries: its space, width and resolution. */
    static String describe(SearchSpace space, double width, int resolution) {
        return space.name() + " sample at width " + width + ", resolution " + resolution;
    }
}
