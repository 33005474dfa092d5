package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.quant.Calibrator;
import dev.tinyforge.quant.QuantizationValidator;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.TfliteWriter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each op alone, written by our exporter and run by TFLite: the float model matches TinyForge's
 * float executor, and the int8 model (quantized by our pass) loads in TFLite's built-in kernels and
 * stays within a few output steps of the float result.
 */
class OpConformanceTest {

    static List<OpType> kinds() {
        return OpSamples.kinds();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void floatModelMatchesTheFloatExecutor(OpType kind) {
        Graph g = OpSamples.graph(kind);
        FloatExecutor exec = new FloatExecutor(g);
        try (Runner r = new TfliteRunner(TfliteWriter.write(g), g.name(), RunnerOptions.reference())) {
            for (float[] x : OpSamples.inputs(g, 5, 11)) {
                float[] expected = exec.run(List.of(x)).get(0);
                float[] actual = ModelIo.toFloats(r.run(ModelIo.floats(x)));
                assertEquals(expected.length, actual.length);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-4f * (1 + Math.abs(expected[i])),
                            kind + " element " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void int8ModelRunsInTfliteCloseToFloat(OpType kind) {
        for (boolean floatIo : new boolean[] {false, true}) {
            Graph g = OpSamples.graph(kind);
            FloatExecutor exec = new FloatExecutor(g);
            // Calibrate on the inputs that are checked, so no output saturates: this test is about
            // the quantization parameters and TFLite's int8 kernels, not about calibration coverage.
            List<float[]> inputs = OpSamples.inputs(g, 5, 2);
            Calibrator cal = new Calibrator();
            for (float[] x : inputs) {
                cal.observe(exec.runAll(List.of(x)));
            }
            Graph q = QuantizePass.quantize(g, cal.ranges(), QuantizeOptions.defaults().withFloatIo(floatIo));
            QuantizationValidator.validate(q);
            assertEquals(floatIo ? DType.FLOAT32 : DType.INT8, q.input(0).dtype());
            String last = g.outputs().get(0);
            float step = q.tensor(floatIo ? last + "_int8" : last).quant().scale();
            try (Runner r = new TfliteRunner(TfliteWriter.write(q), q.name(), RunnerOptions.reference())) {
                for (float[] x : inputs) {
                    float[] expected = exec.run(List.of(x)).get(0);
                    float[] actual = ModelIo.decode(r.run(ModelIo.encode(x, q.input(0))), r.outputs().get(0));
                    float worst = 0;
                    for (int i = 0; i < expected.length; i++) {
                        worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
                    }
                    // Input rounding, weight rounding and output rounding: a few output steps at most
                    // for these shallow graphs (the softmax gets 4/256).
                    float bound = Math.max(6 * step, 4f / 256);
                    assertTrue(worst <= bound, kind + (floatIo ? " (float I/O)" : "") + ": error " + worst
                            + " > " + bound);
                }
            }
        }
    }
}
