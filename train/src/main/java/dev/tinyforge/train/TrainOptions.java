package dev.tinyforge.train;

/**
 * The hyperparameters of a training run; a checkpoint records them and resuming requires the same.
 *
 * @param epochs passes over the training data
 * @param batchSize images per step; the batch source must deliver batches of this size (the last of
 *     an epoch may be shorter)
 * @param learningRate peak learning rate, reached at the end of the warm-up
 * @param optimizer the update rule
 * @param weightDecay L2 (SGD) or decoupled (AdamW) decay of convolution and fully connected weights;
 *     never of biases or batch-norm parameters
 * @param warmupEpochs epochs (fractions allowed) of linear warm-up before the cosine decay
 * @param labelSmoothing the weight spread uniformly over all classes in the training loss
 * @param seed seeds libtorch's generator (dropout), derived per step so that a resumed run draws what
 *     an uninterrupted one draws
 * @param threads libtorch's intra-op threads during training. A run is bit-for-bit repeatable on one
 *     machine for the same options including this: libtorch splits parallel reductions (convolution
 *     weight gradients, batch statistics) by thread, so 1 and 2 threads give weights that differ in
 *     the last bits. On a machine shared with other work one thread is often fastest (see {@link Trainer})
 */
public record TrainOptions(int epochs, int batchSize, double learningRate, OptimizerKind optimizer,
        double weightDecay, double warmupEpochs, double labelSmoothing, long seed, int threads) {

    public TrainOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must be one of SGD_NESTEROV, ADAMW");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be zero or positive, got " + weightDecay);
        }
        if (!(warmupEpochs >= 0) || warmupEpochs > epochs) {
            throw new IllegalArgumentException("warm-up must be 0.." + epochs + " epochs, got " + warmupEpochs);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
        }
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads must be 1..1024, got " + threads);
        }
    }

    /**
     * The usual recipe for small mobile networks: SGD with Nesterov momentum, learning rate 0.05,
     * weight decay 4e-5, one epoch of warm-up, label smoothing 0.1, seed 0, one thread per available
     * processor.
     */
    public static TrainOptions defaults(int epochs, int batchSize) {
        return new TrainOptions(epochs, batchSize, 0.05, OptimizerKind.SGD_NESTEROV, 4e-5, Math.min(1, epochs),
                0.1, 0, Runtime.getRuntime().availableProcessors());
    }

    /** The same options with another number of epochs. */
    public TrainOptions withEpochs(int newEpochs) {
        return new TrainOptions(newEpochs, batchSize, learningRate, optimizer, weightDecay,
                Math.min(warmupEpochs, newEpochs), labelSmoothing, seed, threads);
    }

    /** The same options with another seed. */
    public TrainOptions withSeed(long newSeed) {
        return new TrainOptions(epochs, batchSize, learningRate, optimizer, weightDecay, warmupEpochs, labelSmoothing,
                newSeed, threads);
    }
}
