package dev.tinyforge.train;

import dev.tinyforge.ir.BatchNorm;
import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The batch normalisation between a layer and its fused activation, as PyTorch's
 * {@code BatchNorm2d} computes it: batch statistics and running-average updates (momentum 0.1,
 * unbiased variance) in training, running statistics in evaluation. It starts from the
 * {@link BatchNorm} record (γ, β, ε, and the statistics when known, else mean 0 and variance 1) and
 * gives the trained record back, so that folding it yields the network torch evaluated.
 */
final class BatchNormLayer {
    /** PyTorch's default running-average momentum. */
    static final double MOMENTUM = 0.1;

    private final String layer;
    private final Parameter gamma;
    private final Parameter beta;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final float epsilon;

    BatchNormLayer(String layer, BatchNorm bn, int channels) {
        if (bn.gamma().length != channels || bn.beta().length != channels) {
            throw new IllegalArgumentException("batch norm after '" + layer + "' has " + bn.gamma().length
                    + " scales and " + bn.beta().length + " shifts for " + channels + " channels");
        }
        this.layer = layer;
        this.gamma = new Parameter(layer + "/bn/gamma", leaf(bn.gamma()), false);
        this.beta = new Parameter(layer + "/bn/beta", leaf(bn.beta()), false);
        float[] mean = new float[channels];
        float[] variance = new float[channels];
        Arrays.fill(variance, 1f);
        if (bn.hasStatistics()) {
            mean = bn.mean().clone();
            variance = bn.variance().clone();
        }
        this.runningMean = TorchTensors.of(mean, channels);
        this.runningVar = TorchTensors.of(variance, channels);
        this.epsilon = bn.epsilon();
    }

    private static Tensor leaf(float[] values) {
        Tensor t = TorchTensors.of(values, values.length);
        t.requires_grad_(true);
        return t;
    }

    /** Normalises {@code x} along dimension 1 (channels of NCHW, or features of {@code [N, C]}). */
    Tensor apply(Tensor x, boolean training) {
        return torch.batch_norm(x, TorchTensors.optional(gamma.value()), TorchTensors.optional(beta.value()),
                TorchTensors.optional(runningMean), TorchTensors.optional(runningVar), training, MOMENTUM, epsilon,
                false);
    }

    String layer() {
        return layer;
    }

    Parameter gamma() {
        return gamma;
    }

    Parameter beta() {
        return beta;
    }

    Tensor runningMean() {
        return runningMean;
    }

    Tensor runningVar() {
        return runningVar;
    }

    /** The trained normalisation: current γ, β and running statistics. */
    BatchNorm toRecord() {
        return new BatchNorm(TorchTensors.floats(gamma.value()), TorchTensors.floats(beta.value()),
                TorchTensors.floats(runningMean), TorchTensors.floats(runningVar), epsilon);
    }
}
