package dev.tinyforge.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.cgen.CSource;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.FoldedPadding;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.Add;
import dev.tinyforge.ops.AveragePool2d;
import dev.tinyforge.ops.BroadcastOp;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.Pad;
import dev.tinyforge.ops.Pool2d;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.quant.Range;
import dev.tinyforge.target.Target;
import dev.tinyforge.tflite.TfliteWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which PADs {@link PadFolding} folds, what the folded graph, plan and C look like, and which it keeps. */
class PadFoldingTest {

    /** x [1,7,6,4] -> PAD(paddings) -> the consumer ("dw", "conv", "pool" or "add"), quantized. */
    private static Graph model(int[] paddings, String consumer, boolean padIsOutput) {
        GraphBuilder b = new GraphBuilder("pad " + consumer);
        b.input("x", new int[] {1, 7, 6, 4}, DType.FLOAT32, null);
        Tensor p = b.add(Pad.OP, new Pad.Params(paddings), List.of("x"), "p");
        int c = p.dim(3);
        String y = switch (consumer) {
            case "dw" -> {
                b.tensor(weights("w", 1, 3, 3, c));
                b.tensor(weights("b", c));
                yield b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(2, 2, 1, 1, Padding.VALID, 1,
                        Activation.RELU6), List.of("p", "w", "b"), "y").name();
            }
            case "conv" -> {
                b.tensor(weights("w", 5, 3, 3, c));
                b.tensor(weights("b", 5));
                yield b.add(Conv2d.OP, new Conv2d.Params(1, 2, 1, 1, Padding.SAME, Activation.NONE),
                        List.of("p", "w", "b"), "y").name();
            }
            case "pool" -> b.add(AveragePool2d.OP, new Pool2d.Params(3, 3, 2, 2, Padding.VALID, Activation.NONE),
                    List.of("p"), "y").name();
            default -> b.add(Add.OP, new BroadcastOp.Params(Activation.NONE), List.of("p", "p"), "y").name();
        };
        b.output(y);
        if (padIsOutput) {
            b.output("p");
        }
        Map<String, Range> r = new LinkedHashMap<>();
        for (String n : List.of("x", "p", "y")) {
            r.put(n, new Range(-1, 2));
        }
        return QuantizePass.quantize(b.build(), r, QuantizeOptions.defaults());
    }

    private static Tensor weights(String name, int... shape) {
        float[] v = new float[(int) Tensor.elements(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 5 - 2) * 0.1f;
        }
        return Tensor.constFloat(name, shape, v);
    }

    private static long pads(Graph g) {
        return g.ops().stream().filter(o -> o.kind() == Pad.OP).count();
    }

    @Test
    void foldsASpatialPadIntoTheDepthwiseItFeeds() {
        Graph g = model(new int[] {0, 0, 1, 2, 0, 1, 0, 0}, "dw", false);
        Graph f = PadFolding.fold(g);
        assertEquals(1, pads(g));
        assertEquals(0, pads(f));
        assertFalse(f.tensors().stream().anyMatch(t -> t.name().equals("p")), "the padded tensor is gone");
        Op dw = f.ops().get(0);
        assertEquals("x", dw.input(0));
        assertEquals(new FoldedPadding(1, 2, 0, 1), dw.params(DepthwiseConv2d.Params.class).folded());
        assertEquals(List.of(g.tensor("y").shape()[1], g.tensor("y").shape()[2]),
                List.of(f.tensor("y").shape()[1], f.tensor("y").shape()[2]));

        ModelPlan plan = ModelPlan.of(g, Target.host());
        assertEquals(0, pads(plan.graph()));
        CSource c = CEmitter.emit(plan, "tfg_pf", "test");
        for (KernelCall k : c.calls()) {
            assertFalse(k.sources().contains("tfg_pad_s8"), "no PAD kernel: " + k);
        }
        assertFalse(c.source().contains("tfg_pad_s8("), c.source());
        // stride 2, 3x3, VALID over the padded 10x7 plane: the folded rows and columns before the input
        assertTrue(c.source().contains("static const tfg_conv_params params = {2, 2, 1, 1, 1, 0, 1,"), c.source());
        assertTrue(plan.arenaBytes() < MemoryPlanner.plan(g, Target.host()).arenaBytes(),
                "the padded copy no longer takes arena space");
    }

    @Test
    void foldsIntoAConvolutionWithItsOwnSamePadding() {
        Graph g = model(new int[] {0, 0, 2, 0, 1, 3, 0, 0}, "conv", false);
        Graph f = PadFolding.fold(g);
        assertEquals(0, pads(f));
        Conv2d.Params p = f.ops().get(0).params(Conv2d.Params.class);
        assertEquals(new FoldedPadding(2, 0, 1, 3), p.folded());
        assertEquals(Padding.SAME, p.padding());
        // the padded input is 9x10: SAME for 3x3 stride 1x2 puts 1 row and 0 columns before it
        assertTrue(CEmitter.emit(ModelPlan.of(g, Target.host()), "tfg_pf", "test").source()
                .contains("static const tfg_conv_params params = {1, 2, 1, 1, 3, 1, 1,"));
    }

    @Test
    void keepsThePadWhereFoldingWouldChangeBytesOrLoseATensor() {
        assertEquals("pads batch or channels",
                PadFolding.whyNot(model(new int[] {0, 0, 1, 1, 1, 1, 0, 2}, "conv", false),
                        model(new int[] {0, 0, 1, 1, 1, 1, 0, 2}, "conv", false).ops().get(0)));
        for (Graph g : List.of(model(new int[] {0, 0, 1, 1, 1, 1, 0, 2}, "dw", false),
                model(new int[] {0, 0, 1, 1, 1, 1, 0, 0}, "dw", true),
                model(new int[] {0, 0, 1, 1, 1, 1, 0, 0}, "pool", false),
                model(new int[] {0, 0, 1, 1, 1, 1, 0, 0}, "add", false))) {
            assertNotNull(PadFolding.whyNot(g, g.ops().get(0)), g.name());
            assertSame(g, PadFolding.fold(g), g.name());
            assertEquals(1, pads(ModelPlan.of(g, Target.host()).graph()), g.name());
        }
        // a pad value that is not the input's zero point: the PAD's output quantized apart from its input
        Graph g = model(new int[] {0, 0, 1, 1, 1, 1, 0, 0}, "dw", false);
        List<Tensor> tensors = new ArrayList<>();
        for (Tensor t : g.tensors()) {
            tensors.add(t.name().equals("p") ? Tensor.activation("p", t.shape(), t.dtype(),
                    Quant.perTensor(t.quant().scale(), t.quant().zeroPoint() + 1)) : t);
        }
        Graph shifted = new Graph(g.name(), tensors, g.ops(), g.inputs(), g.outputs(), g.metadata());
        assertEquals("its pad value (the output zero point) is not the input zero point",
                PadFolding.whyNot(shifted, shifted.ops().get(0)));
        assertSame(shifted, PadFolding.fold(shifted));
    }

    @Test
    void aFoldedGraphIsNotWrittenToTflite() {
        Graph f = PadFolding.fold(model(new int[] {0, 0, 1, 2, 0, 1, 0, 0}, "dw", false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfliteWriter.write(f));
        assertTrue(e.getMessage().contains("folded PAD"), e.getMessage());
    }

    @Test
    void noneIsNoneAndNegativePaddingIsRefused() {
        assertTrue(FoldedPadding.NONE.isNone());
        assertThrows(IllegalArgumentException.class, () -> new FoldedPadding(0, -1, 0, 0));
    }
}
