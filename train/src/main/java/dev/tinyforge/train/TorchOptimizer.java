package dev.tinyforge.train;

import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * An update rule over a network's parameters, written with libtorch's in-place tensor ops so that its
 * state is a set of named tensors a checkpoint can hold: the presets expose libtorch's own optimizers
 * without their per-parameter state, which would leave a resumed run with fresh momentum. The rules
 * follow libtorch's {@code torch::optim::SGD} and {@code AdamW} operation for operation (a test
 * compares them).
 */
interface TorchOptimizer {
    /**
     * Applies one update from the parameters' gradients.
     *
     * @param learningRate the rate of this step
     * @param step the 1-based number of this update (AdamW's bias correction)
     */
    void step(double learningRate, long step);

    /** The optimizer's state by name ({@code <parameter>/<buffer>}), the live tensors. */
    Map<String, Tensor> state();

    /** The rule for {@code kind} with the options' weight decay. */
    static TorchOptimizer create(OptimizerKind kind, List<Parameter> parameters, double weightDecay) {
        return switch (kind) {
            case SGD_NESTEROV -> new SgdOptimizer(parameters, 0.9, weightDecay);
            case ADAMW -> new AdamWOptimizer(parameters, 0.9, 0.999, 1e-8, weightDecay);
        };
    }

    /** Clears the gradients of {@code parameters} before the next backward pass. */
    static void zeroGrad(List<Parameter> parameters) {
        try (NoGradGuard g = new NoGradGuard()) {
            for (Parameter p : parameters) {
                Tensor grad = p.value().grad();
                if (grad.defined()) {
                    grad.zero_();
                }
            }
        }
    }
}
