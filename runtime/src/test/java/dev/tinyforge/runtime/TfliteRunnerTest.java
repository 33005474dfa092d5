package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.Softmax;
import dev.tinyforge.tflite.TfliteWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TFLite backend through the {@link Runner} interface. */
class TfliteRunnerTest {

    @Test
    void backendIsFoundByName() {
        assertTrue(Runners.backends().contains("tflite"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Runners.open("cmsis", new byte[16], "m", RunnerOptions.reference()));
        assertTrue(e.getMessage().contains("'cmsis'") && e.getMessage().contains("tflite"), e.getMessage());
    }

    @Test
    void reportsTensorsAndRefusesWrongInputs() {
        Graph g = OpSamples.graph(Conv2d.OP);
        try (Runner r = Runners.open("tflite", TfliteWriter.write(g), "conv", RunnerOptions.reference())) {
            assertEquals(1, r.inputs().size());
            TensorInfo in = r.inputs().get(0);
            assertEquals("x", in.name());
            assertArrayEquals(new int[] {1, 9, 9, 5}, in.shape());
            assertEquals(DType.FLOAT32, in.dtype());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.run(new byte[7]));
            assertTrue(e.getMessage().contains("got 7"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> r.run(List.of()));
        }
    }

    @Test
    void verifierRejectsATruncatedModel() {
        byte[] model = TfliteWriter.write(OpSamples.graph(Conv2d.OP));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> Runners.open("tflite", Arrays.copyOf(model, model.length / 2), "half.tflite",
                        RunnerOptions.reference()));
        assertTrue(e.getMessage().startsWith("half.tflite: "), e.getMessage());
    }

    @Test
    void xnnpackRunsTheSameFloatModelWithinRounding() {
        Graph g = OpSamples.graph(DepthwiseConv2d.OP);
        byte[] model = TfliteWriter.write(g);
        byte[] x = ModelIo.floats(OpSamples.inputs(g, 1, 3).get(0));
        try (Runner ref = Runners.open("tflite", model, "dw", RunnerOptions.reference());
                Runner fast = Runners.open("tflite", model, "dw", new RunnerOptions(1, true))) {
            float[] a = ModelIo.toFloats(ref.run(x));
            float[] b = ModelIo.toFloats(fast.run(x));
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-4f * (1 + Math.abs(a[i])), "element " + i);
            }
        }
    }

    @Test
    void runsRepeatedlyWithTheSameResult() {
        Graph g = OpSamples.graph(Softmax.OP);
        byte[] x = ModelIo.floats(OpSamples.inputs(g, 1, 4).get(0));
        try (Runner r = Runners.open("tflite", TfliteWriter.write(g), "s", RunnerOptions.reference())) {
            byte[] first = r.run(x);
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(first, r.run(x));
            }
        }
    }
}
