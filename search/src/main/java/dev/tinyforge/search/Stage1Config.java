package dev.tinyforge.search;

import java.util.Arrays;

/**
 * What stage 1 explores: the grid of width multipliers × input resolutions, sub-networks drawn per
 * cell, the seed, and the task's classes and input channels.
 *
 * <p>The default grid is MCUNet's: widths 0.1 to 1.0 in steps of 0.1, resolutions 48 to 224 in
 * steps of 16 (10 × 12 cells), 1000 sub-networks a cell.
 *
 * @param maxMacs sub-networks with more MACs count as not fitting: what a time budget can train
 *     ({@link TrainingSpeed}); {@link #NO_MAC_LIMIT} for none
 */
public record Stage1Config(SearchSpace space, double[] widths, int[] resolutions, int samples, long seed, int classes,
        int inputChannels, long maxMacs) {

    public static final long NO_MAC_LIMIT = Long.MAX_VALUE;

    public static final double[] DEFAULT_WIDTHS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
    public static final int[] DEFAULT_RESOLUTIONS = {48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224};
    public static final int DEFAULT_SAMPLES = 1000;

    /** Without a MAC limit. */
    public Stage1Config(SearchSpace space, double[] widths, int[] resolutions, int samples, long seed, int classes,
            int inputChannels) {
        this(space, widths, resolutions, samples, seed, classes, inputChannels, NO_MAC_LIMIT);
    }

    /**
     * @throws IllegalArgumentException naming the value and what is legal
     */
    public Stage1Config {
        widths = widths.clone();
        resolutions = resolutions.clone();
        SearchCell.requireGrid("stage 1", widths, resolutions);
        if (samples < 1 || samples > 1_000_000) {
            throw new IllegalArgumentException("--samples " + samples + " is out of range; use 1 to 1000000 per cell");
        }
        if (classes < 1 || classes > 100_000) {
            throw new IllegalArgumentException("classes " + classes + " is out of range; use 1 to 100000");
        }
        if (inputChannels < 1 || inputChannels > 64) {
            throw new IllegalArgumentException("input channels " + inputChannels + " is out of range; use 1 to 64");
        }
    }

    /** Over the space's own grid ({@link SearchSpace#widths}, {@link SearchSpace#resolutions}), without a MAC limit. */
    public static Stage1Config overGrid(SearchSpace space, int samples, long seed, int classes, int inputChannels) {
        return new Stage1Config(space, space.widths(), space.resolutions(), samples, seed, classes, inputChannels);
    }

    /** The space's grid (MCUNet's 10 widths × 12 resolutions unless the space says), 1000 samples a cell, 10 classes, RGB input. */
    public static Stage1Config defaults(SearchSpace space, long seed) {
        return overGrid(space, DEFAULT_SAMPLES, seed, 10, 3);
    }

    public Stage1Config withSamples(int n) {
        return new Stage1Config(space, widths, resolutions, n, seed, classes, inputChannels, maxMacs);
    }

    /** The same grid, keeping only sub-networks of at most {@code macs} MACs. */
    public Stage1Config withMaxMacs(long macs) {
        return new Stage1Config(space, widths, resolutions, samples, seed, classes, inputChannels, macs);
    }

    @Override
    public double[] widths() {
        return widths.clone();
    }

    @Override
    public int[] resolutions() {
        return resolutions.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stage1Config c && c.space.name().equals(space.name()) && Arrays.equals(c.widths, widths)
                && Arrays.equals(c.resolutions, resolutions) && c.samples == samples && c.seed == seed
                && c.classes == classes && c.inputChannels == inputChannels && c.maxMacs == maxMacs;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(widths) * 31 + Arrays.hashCode(resolutions) + samples;
    }
}
