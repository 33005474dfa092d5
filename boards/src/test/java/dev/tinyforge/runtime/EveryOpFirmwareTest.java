package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Boards;
import dev.tinyforge.deploy.BoardRunner;
import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.Dequantize;
import dev.tinyforge.ops.Quantize;
import dev.tinyforge.quant.Calibrator;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.TfliteWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op's kernel linked into firmware and run on the emulated board: the fixed samples of
 * {@link OpSamples} as one model with one output per op, int8 or float I/O (the latter adds QUANTIZE
 * and DEQUANTIZE), built for a Cortex-M0+, M7 and M55 stand-in and run under QEMU, every output
 * TFLite's bytes. The random configurations run on the host ({@link KernelConformanceTest}); this
 * is the check that what the host proves is what the board links and computes. And each op alone in
 * its own firmware ({@link OpSamples#alone}): a model of one depthwise convolution links only the
 * depthwise kernel's closure, so a helper it needs but does not declare fails to link here.
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

    static List<OpType> loneOps() {
        List<OpType> ops = new ArrayList<>(OpSamples.kinds());
        ops.add(Quantize.OP);
        ops.add(Dequantize.OP);
        return ops;
    }

    @ParameterizedTest(name = "{0} alone")
    @MethodSource("loneOps")
    void eachOpAloneLinksAndRunsOnTheBoard(OpType kind) throws Exception {
        Graph q;
        List<byte[]> x = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(kind.name().hashCode());
        if (kind == Quantize.OP || kind == Dequantize.OP) {
            q = edge(kind);
        } else {
            Graph g = OpSamples.alone(kind);
            FloatExecutor exec = new FloatExecutor(g);
            Calibrator cal = new Calibrator();
            List<float[]> last = null;
            for (int s = 0; s < 3; s++) {
                last = new ArrayList<>();
                for (String in : g.inputs()) {
                    float[] v = new float[(int) g.tensor(in).elements()];
                    for (int j = 0; j < v.length; j++) {
                        v[j] = (float) rnd.nextDouble(-3, 3);
                    }
                    last.add(v);
                }
                cal.observe(exec.runAll(last));
            }
            q = QuantizePass.quantize(g, cal.ranges(), QuantizeOptions.defaults());
            assertEquals(1, q.ops().size(), q.ops().toString());
            for (int i = 0; i < last.size(); i++) {
                x.add(ModelIo.encode(last.get(i), q.input(i)));
            }
        }
        if (x.isEmpty()) {
            float[] v = new float[(int) q.input(0).elements()];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) rnd.nextDouble(-3, 3);
            }
            x.add(ModelIo.encode(v, q.input(0)));
        }
        assertEquals(kind, q.ops().get(0).kind());
        List<byte[]> expected;
        try (Runner ref = new TfliteRunner(TfliteWriter.write(q), q.name(), RunnerOptions.reference())) {
            expected = ref.run(x);
        }
        BoardRunner.Measurement m = BoardRunner.open(q.name(), "test", q, Boards.get("stm32f746g-disco"), null,
                BoardRunner.Options.emulated()).measure(x);
        assertArrayEquals(expected.get(0), m.report().outputs().get(0), kind + " alone on the board");
    }

    /** A model of one QUANTIZE (float in, int8 out) or one DEQUANTIZE (int8 in, float out). */
    private static Graph edge(OpType kind) {
        GraphBuilder b = new GraphBuilder("alone_" + kind.name().toLowerCase());
        Quant quant = Quant.perTensor(0.03f, 5);
        boolean quantize = kind == Quantize.OP;
        b.input("x", new int[] {1, 7, 5, 3}, quantize ? DType.FLOAT32 : DType.INT8, quantize ? null : quant);
        Tensor y = b.add(kind, new OpParams.None(), List.of("x"), "y");
        b.tensor(quantize ? y.withQuant(DType.INT8, quant) : y.withQuant(DType.FLOAT32, null));
        return b.output("y").build();
    }
}
