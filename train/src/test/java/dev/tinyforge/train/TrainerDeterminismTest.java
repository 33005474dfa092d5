package dev.tinyforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tinyforge.data.ArrayDataset;
import dev.tinyforge.data.SimpleBatches;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import dev.tinyforge.zoo.ZooModel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The same seed, options and data give the same weights bit for bit (dropout and batch statistics
 * included), and another seed does not.
 */
class TrainerDeterminismTest {
    private static final ArrayDataset DATA = Quadrants.dataset("quadrants", 96, 16, 3, 4);

    private static byte[] train(ZooModel m, TrainOptions o) {
        TorchNet net = TorchNet.lower(m, new TrainingHints(0.3));
        new Trainer(o, Progress.NONE).train(net, new SimpleBatches(DATA, 16, 9, true), null, null);
        return Weights.bytes(net.writeBack());
    }

    @Test
    void sameSeedSameWeights() {
        ZooModel m = Zoo.get("mbv2-se").build(new ZooConfig(0.35, 16, 4, 3, 2));
        TrainOptions o = new TrainOptions(2, 16, 0.05, OptimizerKind.SGD_NESTEROV, 1e-4, 0.5, 0.1, 17, 2);
        byte[] first = train(m, o);
        byte[] second = train(m, o);
        assertArrayEquals(first, second, "two runs with seed 17 differ");
        assertFalse(Arrays.equals(first, train(m, o.withSeed(18))), "the seed does not reach dropout");
        assertFalse(Arrays.equals(first, Weights.bytes(m)), "training changed nothing");
    }
}
