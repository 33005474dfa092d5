package dev.tinyforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.data.Augment;
import dev.tinyforge.data.DataSplits;
import dev.tinyforge.data.FashionMnist;
import dev.tinyforge.data.Subset;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.Runners;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --qat}: ResNet-8 (0.25, 16×16) trained two epochs on 1,800 Fashion-MNIST images, then
 * fine-tuned two epochs with fake quantization. The int8 model it writes is bit-exact between TFLite
 * and the generated C, the same seed gives the same bytes, and a run resumed from the float phase's
 * checkpoint repeats the fine-tuning to the same bytes.
 */
class QuantizationAwareTrainingTest {
    private static final DataSplits DATA = new DataSplits(FashionMnist.train(), Subset.first(FashionMnist.test(), 300));

    @TempDir
    Path dir;

    private static TrainPipeline.Result train(Path checkpoint, boolean resume) {
        TrainOptions options = new TrainOptions(2, 64, 0.01, OptimizerKind.ADAMW, 0.01, 0, 0.1, 7, 1);
        return TrainPipeline.run(new TrainPipeline.Request(Zoo.get("resnet8"), 0.25, 16, DATA, options,
                Augment.NONE, 2_000, 32, QuantizeOptions.defaults(), checkpoint, resume, QatOptions.of(2)),
                Progress.NONE);
    }

    @Test
    void fineTunedInt8ModelIsBitExactDeterministicAndResumable() {
        Path ckpt = dir.resolve("m.ckpt");
        TrainPipeline.Result a = train(ckpt, false);
        System.out.printf("resnet8 0.25/16, 2 epochs + 2 QAT epochs on 1,800 images (%.0f s): float %.2f%%, PTQ int8 "
                + "%.2f%%, QAT int8 %.2f%% (300 test images)%n", a.seconds(), 100 * a.floatTest().accuracy(),
                100 * a.ptqTest().accuracy(), 100 * a.int8Test().accuracy());

        List<EpochRecord> h = a.history().epochs();
        assertEquals(4, h.size());
        assertFalse(h.get(0).qat() || h.get(1).qat());
        assertTrue(h.get(2).qat() && h.get(3).qat());
        assertEquals(List.of(1, 2, 3, 4), h.stream().map(EpochRecord::epoch).toList());
        assertTrue(h.get(2).learningRate() < 0.01 * QatOptions.LEARNING_RATE_FRACTION, "cosine below the QAT peak");
        assertTrue(h.get(3).learningRate() < h.get(2).learningRate(), "cosine towards 0");
        assertEquals(2, a.qatEpochs());
        assertTrue(a.exported().exported().metadata().get("qat").startsWith("2 epochs"));
        assertTrue(a.int8Test().accuracy() > 0.6, "QAT int8 accuracy " + a.int8Test().accuracy());

        byte[] model = a.exported().tflite();
        try (Runner ref = Runners.open("tflite", model, "qat", RunnerOptions.reference());
                Runner nat = Runners.open("native", model, "qat", RunnerOptions.reference())) {
            SplittableRandom rnd = new SplittableRandom(1);
            for (int i = 0; i < 20; i++) {
                byte[] x = new byte[(int) ref.inputs().get(0).sizeBytes()];
                for (int k = 0; k < x.length; k++) {
                    x[k] = (byte) rnd.nextInt(-128, 128);
                }
                assertArrayEquals(ref.run(x), nat.run(x), "input " + i);
            }
        }

        TrainPipeline.Result resumed = train(ckpt, true);
        assertArrayEquals(model, resumed.exported().tflite(), "resumed from the float phase's checkpoint");
        assertEquals(h.stream().map(EpochRecord::trainLoss).toList(),
                resumed.history().epochs().stream().map(EpochRecord::trainLoss).toList());
        TrainPipeline.Result again = train(null, false);
        assertArrayEquals(model, again.exported().tflite(), "same seed, same bytes");
    }

    @Test
    void senselessQatRequestsAreRefusedInOneLine() {
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> QatOptions.of(-1));
        assertEquals("--qat takes a number of fine-tuning epochs, 0 or more; got -1", neg.getMessage());
        TrainOptions options = new TrainOptions(1, 64, 0.005, OptimizerKind.ADAMW, 0.01, 0, 0.1, 7, 1);
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> new TrainPipeline.Request(Zoo.get("resnet8"), 0.25, 16, DATA, options, Augment.NONE, 100, 8,
                        QuantizeOptions.defaults().withMode(QuantizeOptions.Mode.INT16X8), null, false, QatOptions.of(1)));
        assertTrue(wide.getMessage().contains("int8") && wide.getMessage().contains("16x8"), wide.getMessage());
        IllegalArgumentException floatIo = assertThrows(IllegalArgumentException.class,
                () -> new TrainPipeline.Request(Zoo.get("resnet8"), 0.25, 16, DATA, options, Augment.NONE, 100, 8,
                        QuantizeOptions.defaults().withFloatIo(true), null, false, QatOptions.of(1)));
        assertTrue(floatIo.getMessage().contains("integer input and output"), floatIo.getMessage());
    }
}
