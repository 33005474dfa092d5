package dev.tinyforge.search;

import dev.tinyforge.train.OptimizerKind;
import dev.tinyforge.train.TrainOptions;

/**
 * How much a candidate is trained before it is judged: a fixed number of steps of a fixed batch size
 * (steps, not epochs, so the cost of a candidate does not depend on the size of the proxy subset).
 * The recipe is SGD with Nesterov momentum at learning rate 0.1, a tenth of the steps of warm-up, then
 * cosine decay, weight decay 4e-5, label smoothing 0.1, and before evaluation the batch norms'
 * running statistics re-estimated on {@link #CALIBRATION_BATCHES} training batches. Measured on one
 * ofa-mbv2 sample at width 0.2, resolution 32, 60 steps of 32 Fashion-MNIST images: SGD at 0.1 reached
 * 47% validation accuracy (51% after the re-estimation), AdamW at 0.02 42%, at 0.005 20%, at 0.001 13%
 * (docs/search.md): these deep narrow networks need a large step to learn anything in a few dozen steps.
 *
 * @param steps training steps
 * @param batchSize images per step
 * @param threads libtorch's intra-op threads; the result is bit-for-bit repeatable for the same count
 * @param learningRate the peak learning rate
 */
public record ProxyBudget(int steps, int batchSize, int threads, double learningRate) {

    /** The peak learning rate of proxy runs. */
    public static final double LEARNING_RATE = 0.1;
    /** Training batches the batch-norm statistics are re-estimated on before evaluation. */
    public static final int CALIBRATION_BATCHES = 10;

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
        return new TrainOptions(1, batchSize, learningRate, OptimizerKind.SGD_NESTEROV, 4e-5, 0.1, 0.1, seed, threads);
    }
}
