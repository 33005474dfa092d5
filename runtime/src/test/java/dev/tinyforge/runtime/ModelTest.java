package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.quant.Calibrator;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.tflite.TfliteWriter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The embedding API: one model, runners on every backend that agree, closed with the model. */
class ModelTest {

    @Test
    void runnersOnEveryBackendAgreeAndCloseWithTheModel() {
        Graph g = OpSamples.graph(Conv2d.OP);
        Calibrator cal = new Calibrator();
        for (float[] x : OpSamples.inputs(g, 3, 1)) {
            cal.observe(new FloatExecutor(g).runAll(List.of(x)));
        }
        Graph q = QuantizePass.quantize(g, cal.ranges(), QuantizeOptions.defaults());
        Runner nativeRunner;
        try (Model m = Model.of(TfliteWriter.write(q), "conv.tflite")) {
            assertEquals(List.of(TensorInfo.of(q.input(0))), m.inputs());
            assertEquals(List.of(TensorInfo.of(q.output(0))), m.outputs());
            byte[] x = new byte[(int) m.inputs().get(0).sizeBytes()];
            new SplittableRandom(3).nextBytes(x);
            Runner tflite = m.runner(Backend.TFLITE);
            nativeRunner = m.runner(Backend.NATIVE);
            assertEquals("native", nativeRunner.backend());
            assertArrayEquals(tflite.run(x), nativeRunner.run(x));
            try (Runner xnnpack = m.runner(Backend.XNNPACK, 2)) {
                assertEquals(tflite.outputs(), xnnpack.outputs());
            }
        }
        assertEquals("conv.tflite: runner is closed",
                assertThrows(IllegalStateException.class, () -> nativeRunner.run(new byte[1])).getMessage());
    }
}
