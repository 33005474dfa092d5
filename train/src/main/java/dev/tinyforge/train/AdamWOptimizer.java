package dev.tinyforge.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * AdamW as {@code torch::optim::AdamW} computes it: decoupled decay {@code p *= 1 − lr·λ} on the
 * parameters that take it, first and second moment averages, bias correction by the step number,
 * {@code p −= lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)}.
 */
final class AdamWOptimizer implements TorchOptimizer {
    private final List<Parameter> parameters;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final Map<String, Tensor> moments = new LinkedHashMap<>();

    AdamWOptimizer(List<Parameter> parameters, double beta1, double beta2, double epsilon, double weightDecay) {
        this.parameters = List.copyOf(parameters);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        for (Parameter p : parameters) {
            moments.put(p.name() + "/exp_avg", torch.zeros_like(p.value()).detach());
            moments.put(p.name() + "/exp_avg_sq", torch.zeros_like(p.value()).detach());
        }
    }

    @Override
    public void step(double learningRate, long step) {
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            for (Parameter p : parameters) {
                Tensor grad = p.value().grad();
                if (!grad.defined()) {
                    continue;
                }
                if (p.decay() && weightDecay != 0) {
                    p.value().mul_(TorchTensors.scalar(1 - learningRate * weightDecay));
                }
                Tensor m = moments.get(p.name() + "/exp_avg");
                Tensor v = moments.get(p.name() + "/exp_avg_sq");
                m.mul_(TorchTensors.scalar(beta1)).add_(grad, TorchTensors.scalar(1 - beta1));
                v.mul_(TorchTensors.scalar(beta2)).addcmul_(grad, grad, TorchTensors.scalar(1 - beta2));
                Tensor denom = v.sqrt().div(TorchTensors.scalar(Math.sqrt(correction2)))
                        .add_(TorchTensors.scalar(epsilon));
                p.value().addcdiv_(m, denom, TorchTensors.scalar(-learningRate / correction1));
            }
        }
    }

    @Override
    public Map<String, Tensor> state() {
        return moments;
    }
}
