package dev.tinyforge.train;

/**
 * The quantization-aware fine-tuning that follows float training ({@code --qat EPOCHS}).
 *
 * @param epochs fine-tuning epochs; 0 for none (post-training quantization only)
 * @param learningRateFraction the fine-tuning's peak learning rate as a fraction of the float
 *     training's; no warm-up, cosine decay to 0 over the fine-tuning's steps
 * @param rangeMomentum the weight of each batch's min and max in the moving average of the
 *     activation ranges
 */
public record QatOptions(int epochs, double learningRateFraction, double rangeMomentum) {
    /** The learning-rate fraction used unless told otherwise: a tenth of the float training's. */
    public static final double LEARNING_RATE_FRACTION = 0.1;
    /** The moving-average weight of one batch's range, TensorFlow's moving-average quantizer's order of magnitude. */
    public static final double RANGE_MOMENTUM = 0.01;

    public QatOptions {
        if (epochs < 0) {
            throw new IllegalArgumentException("--qat takes a number of fine-tuning epochs, 0 or more; got " + epochs);
        }
        if (!(learningRateFraction > 0 && learningRateFraction <= 1)) {
            throw new IllegalArgumentException("the QAT learning-rate fraction must be in (0, 1], got "
                    + learningRateFraction);
        }
        if (!(rangeMomentum >= 0 && rangeMomentum <= 1)) {
            throw new IllegalArgumentException("the QAT range momentum must be in [0, 1], got " + rangeMomentum);
        }
    }

    /** {@code epochs} of fine-tuning with the default fraction and momentum. */
    public static QatOptions of(int epochs) {
        return new QatOptions(epochs, LEARNING_RATE_FRACTION, RANGE_MOMENTUM);
    }

    /** No fine-tuning. */
    public static final QatOptions NONE = of(0);

    /** The fine-tuning's training options: the float run's, with these epochs, the reduced rate and no warm-up. */
    TrainOptions trainOptions(TrainOptions floatRun) {
        return new TrainOptions(epochs, floatRun.batchSize(), floatRun.learningRate() * learningRateFraction,
                floatRun.optimizer(), floatRun.weightDecay(), 0, floatRun.labelSmoothing(), floatRun.seed(),
                floatRun.threads());
    }
}
