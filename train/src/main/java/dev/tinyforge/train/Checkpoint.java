package dev.tinyforge.train;

import java.util.Map;

/**
 * The state of a training run after a whole epoch: enough to continue it as if never stopped.
 *
 * @param fingerprint the {@link ArchitectureFingerprint} of the network the tensors belong to
 * @param options the run's hyperparameters
 * @param epochsDone completed epochs
 * @param steps completed optimizer steps
 * @param history the epochs so far
 * @param network parameters and batch-norm running statistics ({@link TorchNet#state()})
 * @param optimizer the optimizer's buffers ({@link TorchOptimizer#state()})
 */
public record Checkpoint(String fingerprint, TrainOptions options, int epochsDone, long steps,
        TrainingHistory history, Map<String, StoredTensor> network, Map<String, StoredTensor> optimizer) {

    /** A tensor's shape and values, row-major in torch's layout. */
    public record StoredTensor(long[] shape, float[] values) {
    }
}
