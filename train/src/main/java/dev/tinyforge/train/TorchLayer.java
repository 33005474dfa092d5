package dev.tinyforge.train;

import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/** One lowered op: computes its output from the activations computed so far (torch layout). */
@FunctionalInterface
interface TorchLayer {
    Tensor forward(Map<String, Tensor> activations, boolean training);
}
