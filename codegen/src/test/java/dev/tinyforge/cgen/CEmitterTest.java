package dev.tinyforge.cgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.AveragePool2d;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.Dequantize;
import dev.tinyforge.ops.FullyConnected;
import dev.tinyforge.ops.HardSwish;
import dev.tinyforge.ops.MaxPool2d;
import dev.tinyforge.ops.Pad;
import dev.tinyforge.ops.Pool2d;
import dev.tinyforge.ops.Quantize;
import dev.tinyforge.ops.Relu;
import dev.tinyforge.ops.Reshape;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.quant.Range;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CEmitterTest {

    /** conv -> depthwise -> avgpool -> fc, quantized with hand-made ranges. */
    static Graph model(int groups, boolean withHardSwish) {
        return model(groups, withHardSwish, QuantizeOptions.defaults());
    }

    static Graph model(int groups, boolean withHardSwish, QuantizeOptions options) {
        GraphBuilder b = new GraphBuilder("small net");
        b.input("x", new int[] {1, 6, 6, 4}, DType.FLOAT32, null);
        float[] w = new float[8 * 9 * 4 / groups];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7 - 3) * 0.1f;
        }
        b.tensor(Tensor.constFloat("c/w", new int[] {8, 3, 3, 4 / groups}, w));
        b.tensor(Tensor.constFloat("c/b", new int[] {8}, new float[8]));
        b.add(Conv2d.OP, new Conv2d.Params(1, 1, 1, 1, Padding.SAME, Activation.RELU6), List.of("x", "c/w", "c/b"),
                "c");
        b.add(AveragePool2d.OP, new Pool2d.Params(6, 6, 1, 1, Padding.VALID, Activation.NONE), List.of("c"), "p");
        b.add(Reshape.OP, new Reshape.Params(new int[] {1, 8}), List.of("p"), "f");
        b.tensor(Tensor.constFloat("fc/w", new int[] {3, 8}, new float[24]));
        b.tensor(Tensor.constFloat("fc/b", new int[] {3}, new float[3]));
        b.add(FullyConnected.OP, new FullyConnected.Params(Activation.NONE), List.of("f", "fc/w", "fc/b"), "y");
        String out = "y";
        if (withHardSwish) {
            out = b.add(HardSwish.OP, new OpParams.None(), List.of("y"), "s").name();
        }
        b.output(out);
        Map<String, Range> r = new LinkedHashMap<>();
        for (String n : List.of("x", "c", "p", "f", "y", "s")) {
            r.put(n, new Range(-1, 2));
        }
        return QuantizePass.quantize(b.build(), r, options);
    }

    @Test
    void emitsNamedWeightsOffsetsAndOneBlockPerLayer() {
        CSource c = CEmitter.emit(model(1, false), "tfg_small", "tool: test");
        assertTrue(c.header().contains("int tfg_small_invoke(const int8_t *input, int8_t *output);"), c.header());
        assertTrue(c.header().contains("tool: test"));
        assertTrue(c.source().contains("static const int8_t tfg_small_c_w[288]"), c.source());
        assertTrue(c.source().contains("#define TFG_SMALL_OFF_X "), c.source());
        // the planner reuses memory: the reshape's output is its input's bytes
        java.util.regex.Matcher p = java.util.regex.Pattern.compile("#define TFG_SMALL_OFF_P (\\d+)").matcher(c.source());
        assertTrue(p.find(), c.source());
        assertTrue(c.source().contains("#define TFG_SMALL_OFF_F " + p.group(1) + " "), c.source());
        assertTrue(c.source().contains("static int8_t tfg_small_arena[" + c.arenaBytes() + "];"), c.source());
        assertTrue(c.arenaBytes() < 144 + 288 + 8 + 8 + 3, "less than every tensor in its own slot");
        assertTrue(c.source().contains("/* op 0: CONV_2D 'c' [1,6,6,4] -> [1,6,6,8], 3x3 stride 1x1, RELU6"),
                c.source());
        assertTrue(c.source().contains("/* op 3: FULLY_CONNECTED 'y'"), c.source());
        assertEquals(c.source(), CEmitter.emit(model(1, false), "tfg_small", "tool: test").source(), "deterministic");
    }

    @Test
    void unsupportedOpsAreRefusedWithNameIndexAndReason() {
        GraphBuilder b = new GraphBuilder("q");
        b.input("x", new int[] {1, 4, 4, 2}, DType.INT8, Quant.perTensor(0.1f, 0));
        b.add(MaxPool2d.OP, new Pool2d.Params(2, 2, 2, 2, Padding.VALID, Activation.NONE), List.of("x"), "y");
        b.tensor(b.tensor("y").withQuant(DType.INT8, Quant.perTensor(0.2f, 0)));
        UnsupportedOpException pool = assertThrows(UnsupportedOpException.class,
                () -> CEmitter.emit(b.output("y").build(), "tfg_q", ""));
        assertTrue(pool.getMessage().startsWith("op 0 MAX_POOL_2D 'y': input and output quantization differ"),
                pool.getMessage());
        UnsupportedOpException grouped = assertThrows(UnsupportedOpException.class,
                () -> CEmitter.emit(model(2, false), "tfg_g", ""));
        assertTrue(grouped.getMessage().startsWith("op 0 CONV_2D 'c': grouped convolution (2 groups)"),
                grouped.getMessage());
    }

    @Test
    void floatModelsAreRefused() {
        GraphBuilder b = new GraphBuilder("f");
        b.input("x", new int[] {1, 4}, DType.FLOAT32, null);
        b.add(Relu.OP, new OpParams.None(), List.of("x"), "y");
        b.output("y");
        UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> CEmitter.emit(b.build(), "p", ""));
        assertTrue(e.getMessage().startsWith("op 0 RELU 'y': tensor 'x' is FLOAT32"), e.getMessage());
        assertTrue(e.getMessage().contains("a float model"), e.getMessage());
    }

    @Test
    void floatInputAndOutputStayInTheCallersBuffers() {
        GraphBuilder b = new GraphBuilder("fio");
        b.input("x", new int[] {1, 4}, DType.FLOAT32, null);
        b.add(Quantize.OP, new OpParams.None(), List.of("x"), "xq");
        b.tensor(b.tensor("xq").withQuant(DType.INT8, Quant.perTensor(0.1f, 3)));
        b.add(Dequantize.OP, new OpParams.None(), List.of("xq"), "y");
        CSource c = CEmitter.emit(b.output("y").build(), "tfg_fio", "");
        assertTrue(c.header().contains("int tfg_fio_invoke(const float *input, float *output);"), c.header());
        assertTrue(c.source().contains("tfg_quantize_f32_s8(input, 4, 0x1.99999ap-4f, 3,"), c.source());
        assertTrue(c.source().contains("tfg_dequantize_s8_f32((tfg_fio_arena + TFG_FIO_OFF_XQ), 4, 0x1.99999ap-4f, 3, "
                + "output);"), c.source());
        assertEquals(4, c.arenaBytes()); // only the int8 tensor lives in the arena
    }

    @Test
    void multipliersFollowTflitesQuantizeMultiplier() {
        // 0.5 = 2^30/2^31 · 2^0 ; 0.75 → 1610612736 · 2^0 ; 3.0 → 0.75 · 2^2 ; tiny values flush to zero
        assertEquals(new Requantization.Multiplier(1 << 30, 0), Requantization.quantize(0.5));
        assertEquals(new Requantization.Multiplier(1610612736, 0), Requantization.quantize(0.75));
        assertEquals(new Requantization.Multiplier(1610612736, 2), Requantization.quantize(3.0));
        assertEquals(new Requantization.Multiplier(0, 0), Requantization.quantize(1e-12));
        // a value whose fixed-point mantissa rounds up to 2^31 moves to the next exponent
        assertEquals(new Requantization.Multiplier(1 << 30, 1), Requantization.quantize(Math.nextDown(1.0)));
        int[] relu6 = Requantization.activationRange(Activation.RELU6, Quant.perTensor(6f / 255, -128));
        assertEquals(-128, relu6[0]);
        assertEquals(127, relu6[1]);
    }

    /** 16x8: int16 entry point, int16 casts into a word-aligned arena, int64 biases, grouped convolution taken. */
    @Test
    void sixteenByEightModelsCallTheS16Kernels() {
        CSource c = CEmitter.emit(model(2, false, QuantizeOptions.defaults().withMode(QuantizeOptions.Mode.INT16X8)),
                "tfg_w", "");
        assertTrue(c.header().contains("int tfg_w_invoke(const int16_t *input, int16_t *output);"), c.header());
        assertTrue(c.source().contains("int8_t bytes[" + c.arenaBytes() + "];\n} tfg_w_arena_words;"), c.source());
        assertTrue(c.source().contains("tfg_copy_s8((const int8_t *)input, 288, "), c.source());
        assertTrue(c.source().contains("tfg_conv2d_s16(&params, &quant, &(tfg_dims){1, 6, 6, 4}, "
                + "(int16_t *)(tfg_w_arena + TFG_W_OFF_X)"), c.source());
        assertTrue(c.source().contains("static const int64_t tfg_w_c_b[8] = {"), c.source());
        assertTrue(c.source().contains("2 groups"), c.source());
        assertTrue(c.source().contains("tfg_avgpool_s16(") && c.source().contains("tfg_fully_connected_s16("),
                c.source());
        assertTrue(c.source().contains("    .dtype = TFG_DTYPE_INT16,"), c.source());
        assertTrue(c.kernelSources().contains("src/tfg_multiply_by_quantized_multiplier_int64.c"), c.kernelSources()
                .toString());
    }

    @Test
    void int16OpsWithoutA16x8KernelAreRefused() {
        GraphBuilder b = new GraphBuilder("p16");
        b.input("x", new int[] {1, 2, 2, 1}, DType.INT16, Quant.perTensor(0.1f, 0));
        b.add(Pad.OP, new Pad.Params(new int[] {0, 0, 1, 1, 1, 1, 0, 0}), List.of("x"), "y");
        b.tensor(b.tensor("y").withQuant(DType.INT16, Quant.perTensor(0.1f, 0)));
        UnsupportedOpException e = assertThrows(UnsupportedOpException.class,
                () -> CEmitter.emit(b.output("y").build(), "tfg_p16", ""));
        assertTrue(e.getMessage().startsWith("op 0 PAD 'y': its tensors are int16 (TFLite's 16x8 mode), which the C "
                + "kernels of PAD do not implement; the 16x8 kernels cover ["), e.getMessage());
        GraphBuilder m = new GraphBuilder("mixed");
        m.input("x", new int[] {1, 2, 2, 1}, DType.INT16, Quant.perTensor(0.1f, 0));
        m.add(MaxPool2d.OP, new Pool2d.Params(2, 2, 2, 2, Padding.VALID, Activation.NONE), List.of("x"), "y");
        m.tensor(m.tensor("y").withQuant(DType.INT8, Quant.perTensor(0.1f, 0)));
        UnsupportedOpException mixed = assertThrows(UnsupportedOpException.class,
                () -> CEmitter.emit(m.output("y").build(), "tfg_mixed", ""));
        assertTrue(mixed.getMessage().startsWith("op 0 MAX_POOL_2D 'y': its activations mix [INT16, INT8]"),
                mixed.getMessage());
    }
}
