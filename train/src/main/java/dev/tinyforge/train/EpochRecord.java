package dev.tinyforge.train;

/**
 * What one epoch of training measured.
 *
 * @param epoch 1-based
 * @param trainLoss mean training loss (label smoothing included) over the epoch's images, in training mode
 * @param trainAccuracy fraction of training images whose top class was right while training
 * @param validationLoss mean cross-entropy (no smoothing) on the validation data in evaluation mode,
 *     {@code null} without validation data
 * @param validationAccuracy top-1 accuracy on the validation data, {@code null} without it
 * @param learningRate the rate of the epoch's last step
 * @param imagesPerSecond training images per second of wall time (forward, backward and update; not validation)
 * @param seconds wall time of the epoch, validation included
 * @param qat whether the epoch was quantization-aware fine-tuning (fake-quantized weights and
 *     activations; losses and accuracies are the fake-quantized network's)
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, Double validationLoss,
        Double validationAccuracy, double learningRate, double imagesPerSecond, double seconds, boolean qat) {

    /** A float-training epoch. */
    public EpochRecord(int epoch, double trainLoss, double trainAccuracy, Double validationLoss,
            Double validationAccuracy, double learningRate, double imagesPerSecond, double seconds) {
        this(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, learningRate, imagesPerSecond,
                seconds, false);
    }

    /** The same epoch, numbered {@code number} and flagged as quantization-aware fine-tuning. */
    public EpochRecord asQat(int number) {
        return new EpochRecord(number, trainLoss, trainAccuracy, validationLoss, validationAccuracy, learningRate,
                imagesPerSecond, seconds, true);
    }
}
