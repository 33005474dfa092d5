package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ops.LogSoftmax;
import dev.tinyforge.ops.Reshape;
import dev.tinyforge.quant.Calibrator;
import dev.tinyforge.quant.QuantizationValidator;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.runtime.host.HostRunner;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.TfliteWriter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An op whose int8 output quantization TFLite fixes (LOG_SOFTMAX: 16/256, zero point 127) followed by
 * one that must carry its input's quantization (RESHAPE, as a classifier's flattening does): the fixed
 * figure reaches the whole tied group, the validator accepts the model, and the C gives TFLite's bytes.
 * Before the fix the RESHAPE kept the calibrated range and the validator refused the graph.
 */
class TiedFixedOutputTest {

    @Test
    void reshapeAfterLogSoftmaxCarriesTheFixedQuantization() {
        GraphBuilder b = new GraphBuilder("log_softmax_then_reshape");
        b.input("x", new int[] {4, 12}, DType.FLOAT32, null);
        b.add(LogSoftmax.OP, new OpParams.None(), List.of("x"), "log_probs");
        Graph g = b.output(b.add(Reshape.OP, new Reshape.Params(new int[] {1, 48}), List.of("log_probs"), "flat")
                .name()).build();
        SplittableRandom rnd = new SplittableRandom(3);
        FloatExecutor exec = new FloatExecutor(g);
        Calibrator cal = new Calibrator();
        for (int i = 0; i < 8; i++) {
            float[] x = new float[48];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) (rnd.nextDouble() * 8 - 4);
            }
            cal.observe(exec.runAll(List.of(x)));
        }
        Graph q = QuantizePass.quantize(g, cal.ranges(), QuantizeOptions.defaults());
        QuantizationValidator.validate(q);
        assertEquals(Quant.perTensor(16f / 256, 127), q.tensor("flat").quant());
        byte[] file = TfliteWriter.write(q);
        try (Runner ref = new TfliteRunner(file, q.name(), RunnerOptions.reference());
                Runner nat = HostRunner.open(file, q.name())) {
            for (int i = 0; i < 5; i++) {
                byte[] x = new byte[48];
                rnd.nextBytes(x);
                assertArrayEquals(ref.run(x), nat.run(x), "input " + i);
            }
        }
    }
}
