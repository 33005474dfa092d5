package dev.tinyforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * Our update rules against libtorch's own {@code torch::optim::SGD} (Nesterov) and {@code AdamW}:
 * the same gradients give bit-identical parameters over several steps, decayed and undecayed
 * parameters alike.
 */
class TorchOptimizerTest {
    private static final double LR = 0.05;
    private static final double DECAY = 0.01;

    private static float[] values(int n, int seed) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(seed * 31 + i * 0.7);
        }
        return v;
    }

    /** A step's loss: a different linear term each step plus a quadratic, so gradients depend on the parameters. */
    private static void backward(List<Tensor> params, int step) {
        Tensor loss = torch.zeros(1);
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            Tensor c = TorchTensors.of(values((int) p.numel(), step * 7 + i), p.shape());
            loss = loss.add(p.mul(c).sum()).add(p.mul(p).sum().mul(TorchTensors.scalar(0.5)));
        }
        loss.backward();
    }

    private static List<Tensor> leaves() {
        List<Tensor> l = new ArrayList<>();
        l.add(TorchTensors.of(values(12, 1), 3, 4).requires_grad_(true));
        l.add(TorchTensors.of(values(3, 2), 3).requires_grad_(true));
        return l;
    }

    private static void compare(OptimizerKind kind, Optimizer decayed, Optimizer undecayed, List<Tensor> theirs) {
        List<Tensor> ours = leaves();
        List<Parameter> params = List.of(new Parameter("w", ours.get(0), true), new Parameter("b", ours.get(1), false));
        TorchOptimizer mine = TorchOptimizer.create(kind, params, DECAY);
        for (int step = 1; step <= 5; step++) {
            TorchOptimizer.zeroGrad(params);
            backward(ours, step);
            mine.step(LR, step);
            decayed.zero_grad();
            undecayed.zero_grad();
            backward(theirs, step);
            decayed.step();
            undecayed.step();
        }
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(TorchTensors.floats(theirs.get(i)), TorchTensors.floats(ours.get(i)), 0,
                    kind + " parameter " + i);
        }
        assertFalse(Arrays.equals(TorchTensors.floats(leaves().get(0)), TorchTensors.floats(ours.get(0))));
    }

    @Test
    void nesterovSgdMatchesLibtorch() {
        List<Tensor> theirs = leaves();
        compare(OptimizerKind.SGD_NESTEROV, new SGD(new TensorVector(theirs.get(0)), sgd(DECAY)),
                new SGD(new TensorVector(theirs.get(1)), sgd(0)), theirs);
    }

    @Test
    void adamWMatchesLibtorch() {
        List<Tensor> theirs = leaves();
        compare(OptimizerKind.ADAMW, new AdamW(new TensorVector(theirs.get(0)), adamW(DECAY)),
                new AdamW(new TensorVector(theirs.get(1)), adamW(0)), theirs);
    }

    private static SGDOptions sgd(double decay) {
        SGDOptions o = new SGDOptions(LR);
        o.momentum().put(0.9);
        o.nesterov().put(true);
        o.weight_decay().put(decay);
        return o;
    }

    private static AdamWOptions adamW(double decay) {
        AdamWOptions o = new AdamWOptions(LR);
        o.weight_decay().put(decay);
        return o;
    }
}
