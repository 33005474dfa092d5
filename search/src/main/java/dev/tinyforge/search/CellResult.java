package dev.tinyforge.search;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One cell of the stage-1 grid: how many of its sub-networks fit the board, and the distribution of
 * their MACs (MCUNet ranks cells by it: a space whose fitting models compute more is likelier to hold
 * an accurate one).
 *
 * @param fitting sub-networks that fit SRAM and flash
 * @param meanMacs mean MACs of those, 0 when none fits
 * @param cdf the MACs of the fitting models at the quantiles 0, 5%, ..., 100% (21 values, the
 *     empirical CDF sampled; empty when none fits)
 * @param sortedMacs every fitting model's MACs, ascending (for the chart; not written)
 */
@JsonPropertyOrder({"width", "resolution", "samples", "fitting", "fit_ratio", "mean_macs", "cdf_macs"})
public record CellResult(double width, int resolution, int samples, int fitting, long meanMacs,
        @JsonProperty("cdf_macs") long[] cdf, @JsonIgnore long[] sortedMacs) {

    /** Quantile steps of {@link #cdf}. */
    public static final int CDF_POINTS = 21;

    static CellResult of(double width, int resolution, int samples, long[] fittingMacs) {
        long[] sorted = fittingMacs.clone();
        java.util.Arrays.sort(sorted);
        long sum = 0;
        for (long m : sorted) {
            sum += m;
        }
        long[] cdf = new long[sorted.length == 0 ? 0 : CDF_POINTS];
        for (int q = 0; q < cdf.length; q++) {
            int index = (int) Math.ceil(q / (double) (CDF_POINTS - 1) * sorted.length) - 1;
            cdf[q] = sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
        return new CellResult(width, resolution, samples, sorted.length,
                sorted.length == 0 ? 0 : Math.round(sum / (double) sorted.length), cdf, sorted);
    }

    @JsonProperty("fit_ratio")
    public double fitRatio() {
        return fitting / (double) samples;
    }

    @JsonProperty("mean_macs")
    public long meanMacs() {
        return meanMacs;
    }

    /**
     * What stage 1 ranks cells by: the MACs a random draw of the cell yields, a draw that does not fit
     * counting 0 (fit ratio × mean MACs of the fitting ones). MCUNet's mean over the fitting models
     * alone prefers cells where almost nothing fits (one sample in 1000 fitting at 13.7 M MACs beat
     * cells where most fit, measured on Fashion-MNIST under a time budget), and stage 2 then spends its
     * proposals on networks that are refused.
     */
    @JsonProperty("expected_macs")
    public double expectedMacs() {
        return fitRatio() * meanMacs;
    }
}
