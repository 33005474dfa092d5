package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Boards;
import dev.tinyforge.deploy.BoardRunner;
import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.quant.Calibrator;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.TfliteWriter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every op's kernel linked into firmware and run on the emulated board: the fixed samples of
 * {@link OpSamples} as one model with one output per op, int8 or float I/O (the latter adds QUANTIZE
 * and DEQUANTIZE), built for a Cortex-M0+, M7 and M55 stand-in and run under QEMU, every output
 * TFLite's bytes. The random configurations run on the host ({@link KernelConformanceTest}); this
 * is the check that what the host proves is what the board links and computes.
 */
class EveryOpFirmwareTest {

    @ParameterizedTest(name = "{0}, float I/O {1}")
    @CsvSource({"rpi-pico, false", "stm32f746g-disco, false", "stm32f746g-disco, true", "corstone-300, false"})
    void everyOpOnTheBoardIsTflitesBytes(String boardId, boolean floatIo) throws Exception {
        Graph g = OpSamples.everyKind();
        FloatExecutor exec = new FloatExecutor(g);
        List<float[]> inputs = OpSamples.inputs(g, 3, 11);
        Calibrator cal = new Calibrator();
        for (float[] x : inputs) {
            cal.observe(exec.runAll(List.of(x)));
        }
        Graph q = QuantizePass.quantize(g, cal.ranges(), QuantizeOptions.defaults().withFloatIo(floatIo));
        assertEquals(OpSamples.kinds().size(), q.outputs().size());
        byte[] x = ModelIo.encode(inputs.get(2), q.input(0));
        List<byte[]> expected;
        try (Runner ref = new TfliteRunner(TfliteWriter.write(q), q.name(), RunnerOptions.reference())) {
            expected = ref.run(List.of(x));
        }
        BoardSpec board = Boards.get(boardId);
        BoardRunner.Measurement m = BoardRunner.open("every_op", "test", q, board, null,
                BoardRunner.Options.emulated()).measure(List.of(x));
        List<byte[]> got = m.report().outputs();
        assertEquals(expected.size(), got.size());
        for (int o = 0; o < expected.size(); o++) {
            assertArrayEquals(expected.get(o), got.get(o), OpSamples.kinds().get(o) + " (output " + o + ") on "
                    + boardId);
        }
        assertTrue(m.instructions() > 0);
        System.out.printf("every op (%d outputs%s) on %s: %,d instructions, TFLite's bytes%n", got.size(),
                floatIo ? ", float I/O" : "", boardId, m.instructions());
    }
}
