package dev.tinyforge.search;

/**
 * What the search maximises. Without a latency target, the proxy validation accuracy. With one,
 * MnasNet's reward (Tan et al., CVPR 2019, eq. 2): ACC × (LAT / T)^w, w = α when LAT ≤ T and β
 * otherwise. The paper's soft constraint is α = β = −0.07 (a model twice as fast as the target gains
 * about 5%, one twice as slow loses as much); its hard constraint α = 0, β = −1 (no reward for being
 * faster, a steep penalty for being slower).
 *
 * @param targetMs the latency target T, or 0 for none
 */
public record Objective(double targetMs, double alpha, double beta) {

    /** Accuracy alone. */
    public static final Objective ACCURACY = new Objective(0, 0, 0);

    public Objective {
        if (!(targetMs >= 0) || Double.isInfinite(targetMs)) {
            throw new IllegalArgumentException("--latency-ms " + targetMs + ": expected a positive number of milliseconds");
        }
    }

    /** MnasNet's soft constraint: α = β = −0.07. */
    public static Objective soft(double targetMs) {
        return new Objective(targetMs, -0.07, -0.07);
    }

    /** MnasNet's hard constraint: α = 0, β = −1. */
    public static Objective hard(double targetMs) {
        return new Objective(targetMs, 0, -1);
    }

    public boolean usesLatency() {
        return targetMs > 0;
    }

    /**
     * The score of trained metrics; a candidate that was not trained scores negative infinity.
     *
     * @throws IllegalStateException when a latency target is set but the metrics carry no latency
     */
    public double score(CandidateMetrics m) {
        if (!m.trained()) {
            return Double.NEGATIVE_INFINITY;
        }
        if (!usesLatency()) {
            return m.valAccuracy();
        }
        if (m.latencyMs() == null) {
            throw new IllegalStateException("a latency target needs a latency model; none is given");
        }
        double ratio = m.latencyMs() / targetMs;
        return m.valAccuracy() * Math.pow(ratio, ratio <= 1 ? alpha : beta);
    }
}
