package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.exec.FloatMath;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.SpatialWindow;
import dev.tinyforge.plan.TileRect;
import dev.tinyforge.plan.Window;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import dev.tinyforge.tflite.AttributeTensor;
import dev.tinyforge.tflite.TfliteOptions;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.PadOptionsT;
import dev.tinyforge.tflite.KernelPrepare;

/**
 * PAD with zeros (the zero point for int8 tensors). In a patch stage it is a 1×1 window whose padding
 * is its own, padded only where a tile meets the image border.
 */
public final class Pad extends BuiltinOp implements FloatReference, QuantizationRule, CEmission,
        SpatialWindow, KernelPrepare {
    public static final Pad OP = new Pad();

    /** The attributes: {@code paddings[2*d]} before and {@code paddings[2*d+1]} after dimension {@code d}. */
    public record Params(int[] paddings) implements OpParams {
        @Override
        public boolean equals(Object o) {
            return o instanceof Params p && Arrays.equals(paddings, p.paddings);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(paddings);
        }

        @Override
        public String toString() {
            return "Pad" + Arrays.toString(paddings);
        }
    }

    private Pad() {
        super("PAD", 34, 2, Params.class, 1, 1);
    }

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        int[] s = in.get(0).shape();
        int[] p = op.params(Params.class).paddings();
        if (p.length != 2 * s.length) {
            throw error(op, "paddings need 2 values per dimension (" + 2 * s.length + "), got " + Arrays.toString(p));
        }
        for (int d = 0; d < s.length; d++) {
            if (p[2 * d] < 0 || p[2 * d + 1] < 0) {
                throw error(op, "paddings must be non-negative, got " + Arrays.toString(p));
            }
            s[d] += p[2 * d] + p[2 * d + 1];
        }
        return List.of(s);
    }

    @Override
    public BuiltinOptionsUnion writeOptions(Op op) {
        return TfliteOptions.union(BuiltinOptions.PadOptions, new PadOptionsT());
    }

    @Override
    public boolean hasAttributeTensor() {
        return true;
    }

    @Override
    public AttributeTensor attribute(Op op) {
        int[] p = op.params(Params.class).paddings();
        return new AttributeTensor("paddings", new int[] {p.length / 2, 2}, p);
    }

    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        return new Params(TfliteOptions.required(attribute, "paddings"));
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        int[] p = op.params(Params.class).paddings();
        int[] inShape = in.get(0).shape();
        float[] xs = v.get(0);
        float[] y = new float[out.elementsInt()];
        int[] idx = new int[inShape.length];
        int[] outStrides = FloatMath.strides(out.shape());
        for (int i = 0; i < xs.length; i++) {
            int o = 0;
            for (int d = 0; d < inShape.length; d++) {
                o += (idx[d] + p[2 * d]) * outStrides[d];
            }
            y[o] = xs[i];
            FloatMath.next(idx, inShape);
        }
        return y;
    }

    @Override
    public QuantRule outputRule() {
        return QuantRule.SAME_AS_INPUT;
    }

    @Override
    public KernelCall emit(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        EmitContext.requireSameQuant(index, op, x.quant(), y.quant());
        if (x.rank() > 4) {
            throw EmitContext.refuse(index, op, "the C kernel pads tensors of rank up to 4");
        }
        int[] p = ctx.padsOf(index) != null ? ctx.padsOf(index) : op.params(Params.class).paddings();
        int[] pads = new int[8];
        System.arraycopy(p, 0, pads, 8 - p.length, p.length);
        String table = ctx.int32Table(op.output(), "paddings", pads);
        String code = "tfg_pad_s8(" + EmitContext.dims(x.shape()) + ", " + ctx.arena(x.name()) + ", " + table + ", "
                + y.quant().zeroPoint() + ", " + EmitContext.dims(y.shape()) + ", " + ctx.arena(y.name()) + ");";
        return ctx.call(EmitContext.shape(x) + " -> " + EmitContext.shape(y), code, "tfg_pad_s8");
    }

    @Override
    public Window window(Graph g, Op op) {
        int[] p = op.params(Params.class).paddings();
        return new Window(1, 1, 1, 1, 1, 1, p[2], p[4]);
    }

    @Override
    public String patchRestriction(Graph g, Op op) {
        int[] p = op.params(Params.class).paddings();
        return p[0] != 0 || p[1] != 0 || p[6] != 0 || p[7] != 0 ? "pads batch or channels" : null;
    }

    /** All 8 paddings (batch, height, width, channels; before and after) of the tile. */
    @Override
    public int[] tilePadding(Window w, TileRect in, TileRect out) {
        int[] tl = SpatialWindow.super.tilePadding(w, in, out);
        int top = tl[0];
        int left = tl[1];
        return new int[] {0, 0, top, out.height() - in.height() - top, left, out.width() - in.width() - left, 0, 0};
    }

    @Override
    public int maxVersion() {
        return 5;
    }

    /** pad.cc: the output keeps the input's type. */
    @Override
    public String prepareProblem(Op op, List<Tensor> in, Tensor out) {
        return PrepareChecks.sameType(in.get(0), out);
    }
}
