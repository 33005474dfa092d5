package dev.tinyforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.data.ArrayDataset;
import dev.tinyforge.data.SimpleBatches;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import dev.tinyforge.zoo.ZooModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A run killed after its second epoch and resumed from the checkpoint ends with the weights, batch
 * statistics and history of the run that was never stopped; a checkpoint of another architecture or
 * other options is refused in one line.
 */
class TrainerResumeTest {
    private static final ArrayDataset TRAIN = Quadrants.dataset("quadrants", 64, 16, 3, 5);
    private static final ArrayDataset VAL = Quadrants.dataset("quadrants val", 32, 16, 3, 6);

    /** What a killed process looks like to the trainer: it stops in the middle of an epoch. */
    private static final class Killed extends RuntimeException {
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void resumedRunEqualsUninterruptedRun(OptimizerKind kind) {
        ZooModel m = Zoo.get("resnet8").build(new ZooConfig(0.35, 16, 4, 3, 3));
        TrainOptions o = new TrainOptions(3, 16, kind == OptimizerKind.ADAMW ? 0.01 : 0.05, kind, 1e-3, 1, 0.1, 5, 2);
        SimpleBatches train = new SimpleBatches(TRAIN, 16, 2, true);
        SimpleBatches val = new SimpleBatches(VAL, 32, 0, false);

        TorchNet straight = TorchNet.lower(m, new TrainingHints(0.2));
        TrainingHistory full = new Trainer(o, Progress.NONE).train(straight, train, val, dir.resolve("straight.ckpt"));

        Path ckpt = dir.resolve("run.ckpt");
        Progress killAtEpoch3 = (task, done, total) -> {
            if (task.startsWith("training epoch 3/") && done == 2) {
                throw new Killed();
            }
        };
        TorchNet interrupted = TorchNet.lower(m, new TrainingHints(0.2));
        assertThrows(Killed.class, () -> new Trainer(o, killAtEpoch3).train(interrupted, train, val, ckpt));
        assertEquals(2, CheckpointFile.read(ckpt).epochsDone());

        TorchNet resumed = TorchNet.lower(m, new TrainingHints(0.2));
        TrainingHistory after = new Trainer(o, Progress.NONE).resume(resumed, ckpt, train, val);

        assertArrayEquals(Weights.bytes(straight.writeBack()), Weights.bytes(resumed.writeBack()));
        assertEquals(3, after.epochs().size());
        for (int e = 0; e < 3; e++) {
            assertEquals(full.epochs().get(e).trainLoss(), after.epochs().get(e).trainLoss(), 0, "epoch " + (e + 1));
            assertEquals(full.epochs().get(e).validationAccuracy(), after.epochs().get(e).validationAccuracy(), 0);
        }
        assertEquals(3, CheckpointFile.read(ckpt).epochsDone());
        assertFalse(java.util.Arrays.equals(Weights.bytes(m), Weights.bytes(resumed.writeBack())));
    }

    @Test
    void refusesAnotherArchitectureOrOtherOptions() throws Exception {
        ZooModel m = Zoo.get("resnet8").build(new ZooConfig(0.35, 16, 4, 3, 3));
        TrainOptions o = new TrainOptions(1, 16, 0.05, OptimizerKind.SGD_NESTEROV, 1e-3, 0, 0, 5, 1);
        Path ckpt = dir.resolve("one.ckpt");
        new Trainer(o, Progress.NONE).train(TorchNet.lower(m, TrainingHints.NONE), new SimpleBatches(TRAIN, 16, 2,
                true), null, ckpt);

        TorchNet other = TorchNet.lower(Zoo.get("mobilenetv2").build(new ZooConfig(0.35, 16, 4, 3, 3)),
                TrainingHints.NONE);
        IllegalArgumentException wrongArch = assertThrows(IllegalArgumentException.class, () -> new Trainer(o,
                Progress.NONE).resume(other, ckpt, new SimpleBatches(TRAIN, 16, 2, true), null));
        assertTrue(wrongArch.getMessage().contains("another architecture"), wrongArch.getMessage());
        assertFalse(wrongArch.getMessage().contains("\n"));

        TorchNet wider = TorchNet.lower(Zoo.get("resnet8").build(new ZooConfig(0.5, 16, 4, 3, 3)), TrainingHints.NONE);
        assertThrows(IllegalArgumentException.class, () -> new Trainer(o, Progress.NONE).resume(wider, ckpt,
                new SimpleBatches(TRAIN, 16, 2, true), null));

        IllegalArgumentException otherOptions = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(o.withEpochs(2), Progress.NONE).resume(TorchNet.lower(m, TrainingHints.NONE), ckpt,
                        new SimpleBatches(TRAIN, 16, 2, true), null));
        assertTrue(otherOptions.getMessage().contains("same options"), otherOptions.getMessage());

        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "a temporary file was left behind");
        }
    }
}
