package dev.tinyforge.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/** Copies named live tensors (a network's or an optimizer's state) to checkpoint arrays and back in place. */
final class TensorState {
    private TensorState() {
    }

    static Map<String, Checkpoint.StoredTensor> snapshot(Map<String, Tensor> state) {
        Map<String, Checkpoint.StoredTensor> s = new LinkedHashMap<>();
        try (PointerScope scope = new PointerScope()) {
            state.forEach((name, t) -> s.put(name, new Checkpoint.StoredTensor(t.shape(), TorchTensors.floats(t))));
        }
        return s;
    }

    /**
     * Overwrites every tensor of {@code state} with the stored values of the same name.
     *
     * @throws IllegalArgumentException when the names or shapes differ
     */
    static void restore(Map<String, Tensor> state, Map<String, Checkpoint.StoredTensor> stored, String what) {
        if (!state.keySet().equals(stored.keySet())) {
            throw new IllegalArgumentException("the checkpoint's " + what + " state holds other tensors than this "
                    + what + "'s");
        }
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            long[] shape = stored.get(e.getKey()).shape();
            if (!Arrays.equals(shape, e.getValue().shape())) {
                throw new IllegalArgumentException("checkpoint tensor '" + e.getKey() + "' is "
                        + Arrays.toString(shape) + ", the " + what + " has " + Arrays.toString(e.getValue().shape()));
            }
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            state.forEach((name, t) -> t.copy_(TorchTensors.of(stored.get(name).values(), stored.get(name).shape())));
        }
    }
}
