package dev.tinyforge.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.AveragePool2d;
import dev.tinyforge.ops.Concatenation;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.Dequantize;
import dev.tinyforge.ops.FullyConnected;
import dev.tinyforge.ops.HardSwish;
import dev.tinyforge.ops.Pool2d;
import dev.tinyforge.ops.Quantize;
import dev.tinyforge.ops.Reshape;
import dev.tinyforge.ops.Softmax;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantizePassTest {

    /** x -> conv -> depthwise -> (concat with x') -> avgpool -> reshape -> fc -> softmax. */
    static Graph graph() {
        GraphBuilder b = new GraphBuilder("q");
        b.input("x", new int[] {1, 4, 4, 2}, DType.FLOAT32, null);
        b.tensor(Tensor.constFloat("c/w", new int[] {3, 1, 1, 2}, new float[] {1, -0.5f, 0.25f, 0.125f, 0, 0}));
        b.tensor(Tensor.constFloat("c/b", new int[] {3}, new float[] {0.1f, -0.2f, 0.3f}));
        b.add(Conv2d.OP, new Conv2d.Params(1, 1, 1, 1, Padding.SAME, Activation.RELU), List.of("x", "c/w", "c/b"),
                "c");
        b.tensor(Tensor.constFloat("d/w", new int[] {1, 1, 1, 3}, new float[] {2, -3, 0.5f}));
        b.tensor(Tensor.constFloat("d/b", new int[] {3}, new float[] {0, 0, 0}));
        b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(1, 1, 1, 1, Padding.SAME, 1, Activation.NONE),
                List.of("c", "d/w", "d/b"), "d");
        b.add(Concatenation.OP, new Concatenation.Params(3, Activation.NONE), List.of("d", "c"), "cat");
        b.add(AveragePool2d.OP, new Pool2d.Params(2, 2, 2, 2, Padding.VALID, Activation.NONE), List.of("cat"),
                "pool");
        b.add(Reshape.OP, new Reshape.Params(new int[] {1, 24}), List.of("pool"), "flat");
        float[] fw = new float[4 * 24];
        for (int i = 0; i < fw.length; i++) {
            fw[i] = (i % 5 - 2) * 0.1f;
        }
        b.tensor(Tensor.constFloat("fc/w", new int[] {4, 24}, fw));
        b.tensor(Tensor.constFloat("fc/b", new int[] {4}, new float[] {0.01f, 0.02f, 0.03f, 0.04f}));
        b.add(FullyConnected.OP, new FullyConnected.Params(Activation.NONE), List.of("flat", "fc/w", "fc/b"),
                "fc");
        b.add(Softmax.OP, new Softmax.Params(1f), List.of("fc"), "out");
        b.output("out");
        return b.build();
    }

    static Map<String, Range> ranges() {
        Map<String, Range> r = new LinkedHashMap<>();
        r.put("x", new Range(-1f, 1f));
        r.put("c", new Range(0f, 2f));
        r.put("d", new Range(-6f, 4f));
        r.put("cat", new Range(-6f, 4f));
        r.put("pool", new Range(-3f, 2f));
        r.put("flat", new Range(-3f, 2f));
        r.put("fc", new Range(-1f, 3f));
        r.put("out", new Range(0f, 1f));
        return r;
    }

    @Test
    void hardSwishOutputScaleStaysAboveTflitesFloor() {
        Quant in = Quant.perTensor(0.02f, -10);
        // an input calibrated below -3 gives a near-zero output range: TFLite would refuse the model
        Quant tiny = QuantizePass.activationQuant(new Range(-0.001f, 0f));
        Quant widened = QuantizePass.hardSwishOutput(in, tiny);
        assertTrue(widened.scale() >= in.scale() / 64f, widened::toString);
        assertTrue(widened.scale() < in.scale() / 32f, widened::toString);
        // a normal output range is kept as it is
        Quant normal = QuantizePass.activationQuant(new Range(-0.375f, 4f));
        assertEquals(normal, QuantizePass.hardSwishOutput(in, normal));
    }

    @Test
    void parametersFollowTfliteConventions() {
        Graph q = QuantizePass.quantize(graph(), ranges(), QuantizeOptions.defaults());
        assertTrue(QuantizationValidator.problems(q).isEmpty(), QuantizationValidator.problems(q).toString());
        assertEquals(DType.INT8, q.input(0).dtype());
        assertEquals(DType.INT8, q.output(0).dtype());
        // x in [-1, 1]: scale 2/255, zero point round(-128 + 127.5) = -1 (half away from zero: -0.5 -> -1)
        Quant xq = q.tensor("x").quant();
        assertEquals(2f / 255, xq.scale(), 1e-9f);
        assertEquals(-1, xq.zeroPoint());
        // conv weights per output channel, max|w|/127
        Tensor cw = q.tensor("c/w");
        assertEquals(0, cw.quant().dimension());
        assertArrayEquals(new float[] {1f / 127, 0.25f / 127, 1f / 127}, cw.quant().scales(), 1e-9f);
        assertArrayEquals(new byte[] {127, -64, 127, 64, 0, 0}, cw.int8s());
        // bias: scale in*w per channel, value round(b / scale)
        Tensor cb = q.tensor("c/b");
        assertEquals(DType.INT32, cb.dtype());
        float s1 = (float) ((double) xq.scale() * (0.25f / 127));
        assertEquals(s1, cb.quant().scale(1), 0f);
        assertEquals(QuantizePass.round(-0.2 / s1), cb.ints()[1]);
        // depthwise weights per channel on dimension 3
        assertEquals(3, q.tensor("d/w").quant().dimension());
        // fc in [-1, 3]: scale 4/255, zero point round(-128 + 63.75) = -64
        assertEquals(-64, q.tensor("fc").quant().zeroPoint());
        // FC weights per tensor by default
        assertEquals(1, q.tensor("fc/w").quant().channels());
        // softmax output fixed
        assertEquals(1f / 256, q.tensor("out").quant().scale());
        assertEquals(-128, q.tensor("out").quant().zeroPoint());
    }

    @Test
    void concatInputsAndPoolOutputsShareQuantization() {
        Graph q = QuantizePass.quantize(graph(), ranges(), QuantizeOptions.defaults());
        Quant cat = q.tensor("cat").quant();
        assertEquals(cat, q.tensor("d").quant());
        assertEquals(cat, q.tensor("c").quant(), "concat input c takes the union range [-6, 4]");
        assertEquals(cat, q.tensor("pool").quant());
        assertEquals(cat, q.tensor("flat").quant());
        assertEquals(10f / 255, cat.scale(), 1e-7f);
    }

    @Test
    void zeroIsExactlyRepresentable() {
        for (float lo : new float[] {-3.7f, -0.01f, 0f, 0.5f}) {
            Quant q = QuantizePass.activationQuant(new Range(lo, lo + 5.3f));
            float zeroBack = q.scale() * (q.zeroPoint() - q.zeroPoint());
            assertEquals(0f, zeroBack);
            assertTrue(q.zeroPoint() >= -128 && q.zeroPoint() <= 127);
        }
        Quant degenerate = QuantizePass.activationQuant(new Range(0, 0));
        assertTrue(degenerate.scale() > 0);
    }

    @Test
    void floatIoWrapsTheBodyInQuantizeAndDequantize() {
        Graph q = QuantizePass.quantize(graph(), ranges(), QuantizeOptions.defaults().withFloatIo(true));
        assertEquals(DType.FLOAT32, q.input(0).dtype());
        assertEquals(DType.FLOAT32, q.output(0).dtype());
        assertEquals(Quantize.OP, q.ops().get(0).kind());
        assertEquals(Dequantize.OP, q.ops().get(q.ops().size() - 1).kind());
        assertEquals(List.of("x"), q.inputs());
        assertEquals(List.of("out"), q.outputs());
        assertTrue(QuantizationValidator.problems(q).isEmpty(), QuantizationValidator.problems(q).toString());
    }

    @Test
    void quantizationIsDeterministic() {
        Graph a = QuantizePass.quantize(graph(), ranges(), QuantizeOptions.defaults());
        Graph b = QuantizePass.quantize(graph(), ranges(), QuantizeOptions.defaults());
        assertEquals(a.tensors(), b.tensors());
        assertEquals(a.ops(), b.ops());
    }

    @Test
    void missingRangeNamesTheTensorAndItsProducer() {
        Map<String, Range> r = ranges();
        r.remove("fc");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuantizePass.quantize(graph(), r, QuantizeOptions.defaults()));
        assertTrue(e.getMessage().contains("'fc'") && e.getMessage().contains("FULLY_CONNECTED"), e.getMessage());
    }

    /** Replaces one tensor of a valid int8 graph. */
    private static Graph with(Graph g, Tensor t) {
        GraphBuilder b = g.toBuilder();
        b.tensor(t);
        return b.build();
    }

    private static void assertProblem(Graph g, String fragment) {
        List<String> p = QuantizationValidator.problems(g);
        assertTrue(p.stream().anyMatch(s -> s.contains(fragment)), "expected '" + fragment + "' in " + p);
        assertThrows(IllegalArgumentException.class, () -> QuantizationValidator.validate(g));
    }

    @Test
    void validatorCatchesWhatTfliteDoesNotCheck() {
        Graph q = QuantizePass.quantize(graph(), ranges(), QuantizeOptions.defaults());
        Tensor bias = q.tensor("c/b");
        float[] wrong = bias.quant().scales();
        wrong[2] *= 1.01f;
        assertProblem(with(q, bias.withQuant(DType.INT32, Quant.perChannel(wrong, 0))), "channel 2 has scale");

        Tensor w = q.tensor("c/w");
        assertProblem(with(q, w.withQuant(DType.INT8, new Quant(w.quant().scales(), new long[] {0, 3, 0}, 0))),
                "zero point 3");
        byte[] data = w.int8s();
        data[0] = -128;
        assertProblem(with(q, Tensor.constInt8("c/w", w.shape(), data, w.quant())), "contain -128");
        assertProblem(with(q, w.withQuant(DType.INT8, Quant.perChannel(w.quant().scales(), 3))), "on dimension 3");

        Tensor c = q.tensor("c");
        assertProblem(with(q, c.withQuant(DType.INT8, Quant.perTensor(c.quant().scale() * 2, c.quant().zeroPoint()))),
                "must share scale and zero point");

        Tensor out = q.tensor("out");
        assertProblem(with(q, out.withQuant(DType.INT8, Quant.perTensor(1f / 255, -128))), "scale 1/256");
    }

    @Test
    void validatorIgnoresFloatGraphs() {
        assertTrue(QuantizationValidator.problems(graph()).isEmpty());
    }

    @Test
    void calibratorTracksMinAndMax() {
        Calibrator c = new Calibrator();
        c.observe(Map.of("a", new float[] {1, 2}));
        c.observe(Map.of("a", new float[] {-3, 0.5f}));
        assertEquals(new Range(-3, 2), c.ranges().get("a"));
    }

    @Test
    void opIndexAppearsInValidatorMessages() {
        Graph q = QuantizePass.quantize(graph(), ranges(), QuantizeOptions.defaults());
        Tensor out = q.tensor("out");
        List<String> p = QuantizationValidator.problems(with(q, out.withQuant(DType.INT8, Quant.perTensor(0.5f, 0))));
        Op last = q.ops().get(q.ops().size() - 1);
        assertTrue(p.get(0).startsWith("op " + (q.ops().size() - 1) + " " + last.kind()), p.toString());
    }

    private static final QuantizeOptions MODE_16X8 = QuantizeOptions.defaults().withMode(QuantizeOptions.Mode.INT16X8);

    /** TFLite's 16x8 mode: int16 symmetric activations, int8 weights as before, int64 biases, 1/32768 outputs. */
    @Test
    void sixteenByEightFollowsTflitesConverter() {
        Graph q = QuantizePass.quantize(graph(), ranges(), MODE_16X8);
        assertTrue(QuantizationValidator.problems(q).isEmpty(), QuantizationValidator.problems(q).toString());
        assertEquals(DType.INT16, q.input(0).dtype());
        assertEquals(DType.INT16, q.output(0).dtype());
        // x in [-1, 1]: zero point 0, scale max|x| / 32767
        assertEquals(Quant.perTensor((float) (1.0 / 32767), 0), q.tensor("x").quant());
        // d in [-6, 4], shared with the concatenation: 6 / 32767
        assertEquals(Quant.perTensor((float) (6.0 / 32767), 0), q.tensor("cat").quant());
        assertEquals(q.tensor("cat").quant(), q.tensor("pool").quant());
        // weights are int8 per channel as in int8 mode
        Graph q8 = QuantizePass.quantize(graph(), ranges(), QuantizeOptions.defaults());
        assertEquals(q8.tensor("c/w"), q.tensor("c/w"));
        // biases int64 with scale input x weight
        Tensor cb = q.tensor("c/b");
        assertEquals(DType.INT64, cb.dtype());
        float s1 = (float) ((double) q.tensor("x").quant().scale() * (0.25f / 127));
        assertEquals(s1, cb.quant().scale(1), 0f);
        assertEquals(QuantizePass.round(-0.2 / s1), cb.int64s()[1]);
        assertEquals(DType.INT64, q.tensor("fc/b").dtype());
        // softmax output 1/32768, zero point 0
        assertEquals(QuantizePass.UNIT_INTERVAL_16, q.tensor("out").quant());
        assertTrue(q.metadata().get("quantization").startsWith("16x8"), q.metadata().toString());
    }

    @Test
    void sixteenByEightFloatIoConvertsToInt16() {
        Graph q = QuantizePass.quantize(graph(), ranges(), MODE_16X8.withFloatIo(true));
        assertEquals(DType.FLOAT32, q.input(0).dtype());
        assertEquals(DType.INT16, q.tensor("x_int16").dtype());
        assertEquals(DType.INT16, q.tensor("out_int16").dtype());
        assertTrue(QuantizationValidator.problems(q).isEmpty(), QuantizationValidator.problems(q).toString());
    }

    @Test
    void sixteenByEightRefusesOpsWithoutAnInt16Kernel() {
        GraphBuilder b = new GraphBuilder("hs");
        b.input("x", new int[] {1, 2, 2, 1}, DType.FLOAT32, null);
        b.add(HardSwish.OP, new OpParams.None(), List.of("x"), "y");
        b.output("y");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuantizePass.quantize(
                b.build(), Map.of("x", new Range(-1, 1), "y", new Range(0, 1)), MODE_16X8));
        assertTrue(e.getMessage().contains("op 0 HARD_SWISH 'y'") && e.getMessage().contains("int16"), e.getMessage());
    }

    @Test
    void validatorChecks16x8Rules() {
        Graph q = QuantizePass.quantize(graph(), ranges(), MODE_16X8);
        Tensor c = q.tensor("c");
        assertProblem(with(q, c.withQuant(DType.INT16, Quant.perTensor(c.quant().scale(), 5))), "expected 0");
        Tensor bias = q.tensor("c/b");
        int[] asInt32 = new int[bias.elementsInt()];
        assertProblem(with(q, Tensor.constInt32("c/b", bias.shape(), asInt32, bias.quant())), "must be int64");
        Tensor out = q.tensor("out");
        assertProblem(with(q, out.withQuant(DType.INT16, Quant.perTensor(1f / 32767, 0))), "1/32768");
    }
}
