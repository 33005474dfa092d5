package dev.tinyforge.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.data.DataSplits;
import dev.tinyforge.data.Dataset;
import dev.tinyforge.data.DatasetException;
import dev.tinyforge.data.Subset;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.Runners;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private static byte[] model(int classes) {
        return ExportPipeline.run(new ExportPipeline.Request(Zoo.get("resnet8"), new ZooConfig(0.25, 28, classes, 1, 3),
                false, 4, QuantizeOptions.defaults()), Progress.NONE).tflite();
    }

    @Test
    void tfliteAndTheGeneratedCPredictTheSameClassForEveryImage() throws Exception {
        byte[] m = model(10);
        Dataset test = Subset.first(DataSplits.open("fashion-mnist").test(), 400);
        Evaluation ref;
        Evaluation nat;
        try (Runner r = Runners.open("tflite", m, "r8", RunnerOptions.reference());
                Runner n = Runners.open("native", m, "r8", RunnerOptions.reference())) {
            ref = Evaluator.evaluate(r, "r8", test, Progress.NONE);
            nat = Evaluator.evaluate(n, "r8", test, Progress.NONE);
        }
        assertEquals(400, ref.images());
        assertArrayEquals(ref.predictions(), nat.predictions());
        int total = Arrays.stream(ref.confusion()).flatMapToInt(Arrays::stream).sum();
        assertEquals(400, total);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ConfusionChart.png(ref, png);
        assertTrue(png.size() > 1000);
    }

    @Test
    void aModelForOtherClassesIsRefusedNamingBothCounts() throws Exception {
        byte[] m = model(7);
        Dataset test = Subset.first(DataSplits.open("fashion-mnist").test(), 10);
        try (Runner r = Runners.open("tflite", m, "r8", RunnerOptions.reference())) {
            DatasetException e = assertThrows(DatasetException.class,
                    () -> Evaluator.evaluate(r, "r8.tflite", test, Progress.NONE));
            assertTrue(e.getMessage().contains("gives 7 scores") && e.getMessage().contains("has 10 classes"),
                    e.getMessage());
        }
    }

    @Test
    void pixelsQuantizeToTheCameraByteMinus128() {
        var in = new dev.tinyforge.runtime.TensorInfo("x", new int[] {1, 1, 1, 3}, dev.tinyforge.ir.DType.INT8,
                1f / 255, -128);
        byte[] q = Evaluator.encode(new float[] {0f, 128 / 255f, 1f}, in);
        assertArrayEquals(new byte[] {-128, 0, 127}, q);
    }
}
