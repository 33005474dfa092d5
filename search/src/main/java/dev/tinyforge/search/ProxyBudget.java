package dev.tinyforge.search;

import dev.tinyforge.train.OptimizerKind;
import dev.tinyforge.train.TrainOptions;

/**
 * How much a candidate is trained before it is judged: a fixed number of steps of a fixed batch size
 * (steps, not epochs, so the cost of a candidate does not depend on the size of the proxy subset).
 * The recipe is AdamW at learning rate 0.005 with a tenth of the steps of warm-up, then cosine decay,
 * weight decay 1e-4, label smoothing 0.1: for a few hundred steps from scratch AdamW is less
 * sensitive to the architecture's depth than SGD, which matters when the ranking, not the accuracy,
 * is what the proxy must get right.
 *
 * @param steps training steps
 * @param batchSize images per step
 * @param threads libtorch's intra-op threads; the result is bit-for-bit repeatable for the same count
 * @param learningRate AdamW's peak learning rate
 */
public record ProxyBudget(int steps, int batchSize, int threads, double learningRate) {

    /** AdamW's peak learning rate for proxy runs. */
    public static final double LEARNING_RATE = 0.005;

    /** The default recipe's learning rate. */
    public ProxyBudget(int steps, int batchSize, int threads) {
        this(steps, batchSize, threads, LEARNING_RATE);
    }

    public ProxyBudget {
        if (!(learningRate > 0 && learningRate < 10)) {
            throw new IllegalArgumentException("proxy learning rate " + learningRate + " is out of range; use (0, 10)");
        }
        if (steps < 1 || steps > 1_000_000) {
            throw new IllegalArgumentException("--proxy-steps " + steps + " is out of range; use 1 to 1000000");
        }
        if (batchSize < 1 || batchSize > 4096) {
            throw new IllegalArgumentException("proxy batch size " + batchSize + " is out of range; use 1 to 4096");
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("--threads " + threads + " is out of range; use 1 to 256");
        }
    }

    /** The training options of one proxy run: one "epoch" of {@link #steps} batches. */
    TrainOptions options(long seed) {
        return new TrainOptions(1, batchSize, learningRate, OptimizerKind.ADAMW, 1e-4, 0.1, 0.1, seed, threads);
    }
}
