package dev.tinyforge.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * SGD with Nesterov momentum and L2 weight decay on the parameters that take it, as
 * {@code torch::optim::SGD} with {@code nesterov(true)} and no dampening:
 * {@code d = g + λp; b = μb + d; p -= lr·(d + μb)}. The momentum buffer starts at zero, which equals
 * libtorch's copy of the first gradient exactly ({@code 0·μ + d = d}).
 */
final class SgdOptimizer implements TorchOptimizer {
    private final List<Parameter> parameters;
    private final double momentum;
    private final double weightDecay;
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();

    SgdOptimizer(List<Parameter> parameters, double momentum, double weightDecay) {
        this.parameters = List.copyOf(parameters);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        for (Parameter p : parameters) {
            buffers.put(p.name() + "/momentum", torch.zeros_like(p.value()).detach());
        }
    }

    @Override
    public void step(double learningRate, long step) {
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            for (Parameter p : parameters) {
                Tensor grad = p.value().grad();
                if (!grad.defined()) {
                    continue;
                }
                Tensor d = p.decay() && weightDecay != 0 ? grad.add(p.value(), TorchTensors.scalar(weightDecay)) : grad;
                Tensor buf = buffers.get(p.name() + "/momentum");
                buf.mul_(TorchTensors.scalar(momentum)).add_(d, TorchTensors.scalar(1));
                p.value().add_(d.add(buf, TorchTensors.scalar(momentum)), TorchTensors.scalar(-learningRate));
            }
        }
    }

    @Override
    public Map<String, Tensor> state() {
        return buffers;
    }
}
