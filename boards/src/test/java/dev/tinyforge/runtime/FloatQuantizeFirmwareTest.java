package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Boards;
import dev.tinyforge.deploy.BoardRunner;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.TfliteWriter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * QUANTIZE float32 -> int8/int16 as the Cortex-M7 stand-in runs it (stm32f746g-disco on QEMU mps2-an500,
 * single-precision FPU), against TFLite's built-in kernel, tolerance 0: {@link QuantizeFloatTest}'s
 * probes (half-steps of the scale and their neighbours, uniform values, every magnitude) for three
 * scales, each in its own firmware (batched firmware takes int8 inputs only).
 */
class FloatQuantizeFirmwareTest {
    static final int N = 8192;

    @Test
    void firmwareQuantizesLikeTflite() throws Exception {
        float[] scales = {0.1f, 1f / 255, 3.0517578e-5f};
        long[] zeroPoints = {-128, 5, 0};
        DType[] types = {DType.INT8, DType.INT8, DType.INT16};
        SplittableRandom rnd = new SplittableRandom(746);
        BoardSpec board = Boards.get("stm32f746g-disco");
        for (int s = 0; s < scales.length; s++) {
            Graph g = QuantizeFloatTest.model(scales[s], zeroPoints[s], types[s], s, new int[] {1, N});
            byte[] x = ModelIo.floats(QuantizeFloatTest.probes(scales[s], types[s] == DType.INT8 ? 300 : 40000, rnd,
                    N));
            byte[] expected;
            try (Runner ref = new TfliteRunner(TfliteWriter.write(g), g.name(), RunnerOptions.reference())) {
                expected = ref.run(x);
            }
            BoardRunner.Measurement m = BoardRunner.open(g.name(), "test", g, board, null,
                    BoardRunner.Options.emulated()).measure(List.of(x));
            assertArrayEquals(expected, m.report().outputs().get(0), g.name() + " on " + board.id());
            assertTrue(m.instructions() > 0, "the SysTick instruction count");
            System.out.printf("%s on %s: %d elements == TFLite, %,d instructions (%.1f per element, invoke's copies "
                    + "and the probes' ties on the exact path included)%n", g.name(), board.id(), N, m.instructions(),
                    m.instructions() / (double) N);
        }
    }

    /**
     * An 80×80×3 image in [0, 1) to int8 at scale 1/255 (the input): bit-exact, and the instructions
     * per element of the whole invoke (the float input's copy into the arena, QUANTIZE, the int8 output's copy
     * out), the figure docs/speed.md quotes.
     */
    @Test
    void anImageQuantizesLikeTflite() throws Exception {
        int[] shape = {1, 80, 80, 3};
        Graph g = QuantizeFloatTest.model(1f / 255, -128, DType.INT8, 0, shape);
        SplittableRandom rnd = new SplittableRandom(80);
        float[] image = new float[80 * 80 * 3];
        for (int j = 0; j < image.length; j++) {
            image[j] = (float) rnd.nextDouble();
        }
        byte[] x = ModelIo.floats(image);
        byte[] expected;
        try (Runner ref = new TfliteRunner(TfliteWriter.write(g), g.name(), RunnerOptions.reference())) {
            expected = ref.run(x);
        }
        BoardSpec board = Boards.get("stm32f746g-disco");
        BoardRunner.Measurement m = BoardRunner.open(g.name(), "test", g, board, null, BoardRunner.Options.emulated())
                .measure(List.of(x));
        assertArrayEquals(expected, m.report().outputs().get(0), "80x80x3 image on " + board.id());
        assertTrue(m.instructions() > 0, "the SysTick instruction count");
        System.out.printf("QUANTIZE float32 [1,80,80,3] -> int8 on %s: == TFLite, %,d instructions, %.2f per element "
                + "(the invoke's copies included)%n", board.id(), m.instructions(),
                m.instructions() / (double) image.length);
    }
}
