package dev.tinyforge.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where stage 2 searches: the widths and resolutions a candidate may take. Stage 1 picks a grid point
 * (width, resolution); the cell {@link #around} it also holds the points half a grid step to either
 * side (width ±0.05, resolution ±8), so that evolution's width and resolution mutations stay near
 * what stage 1 chose instead of leaving for a cell it ranked lower.
 */
public record SearchCell(double[] widths, int[] resolutions) {

    /** Half of stage 1's width step. */
    public static final double WIDTH_STEP = 0.05;
    /** Half of stage 1's resolution step. */
    public static final int RESOLUTION_STEP = 8;

    /**
     * @throws IllegalArgumentException naming the value and what is legal
     */
    public SearchCell {
        widths = widths.clone();
        resolutions = resolutions.clone();
        requireGrid("a search cell", widths, resolutions);
    }

    /** The cell around a grid point: widths w−0.05, w, w+0.05 and resolutions r−8, r, r+8 (those in range). */
    public static SearchCell around(double width, int resolution) {
        List<Double> w = new ArrayList<>();
        for (double d : new double[] {width - WIDTH_STEP, width, width + WIDTH_STEP}) {
            double rounded = Math.round(d * 100) / 100.0;
            if (rounded > 0 && rounded <= 4) {
                w.add(rounded);
            }
        }
        List<Integer> r = new ArrayList<>();
        for (int x : new int[] {resolution - RESOLUTION_STEP, resolution, resolution + RESOLUTION_STEP}) {
            if (x >= 8 && x <= 1024) {
                r.add(x);
            }
        }
        return new SearchCell(w.stream().mapToDouble(Double::doubleValue).toArray(),
                r.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A genome drawn uniformly: width, then resolution, then the space's genes. */
    Genome random(SearchSpace space, SplittableRandom rnd) {
        double w = widths[rnd.nextInt(widths.length)];
        int r = resolutions[rnd.nextInt(resolutions.length)];
        return new Genome(space.sampleGenes(rnd), w, r);
    }

    boolean contains(Genome g) {
        return Arrays.stream(widths).anyMatch(w -> Double.compare(w, g.width()) == 0)
                && Arrays.stream(resolutions).anyMatch(r -> r == g.resolution());
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
        return o instanceof SearchCell c && Arrays.equals(c.widths, widths) && Arrays.equals(c.resolutions, resolutions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(widths) * 31 + Arrays.hashCode(resolutions);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "widths %s x resolutions %s", Arrays.toString(widths),
                Arrays.toString(resolutions));
    }

    /**
     * The legal widths and resolutions of a grid (stage 1's) or a cell (stage 2's): at least one of each,
     * width multipliers in (0, 4], resolutions of 8 to 1024 pixels.
     *
     * @param what the grid's owner, as the error names it ("stage 1")
     */
    static void requireGrid(String what, double[] widths, int[] resolutions) {
        if (widths.length == 0 || resolutions.length == 0) {
            throw new IllegalArgumentException(what + " needs at least one width and one resolution");
        }
        for (double w : widths) {
            if (!(w > 0 && w <= 4)) {
                throw new IllegalArgumentException("width " + w + " is out of range; use a multiplier in (0, 4]");
            }
        }
        for (int r : resolutions) {
            if (r < 8 || r > 1024) {
                throw new IllegalArgumentException("resolution " + r + " is out of range; use 8 to 1024 pixels");
            }
        }
    }
}
