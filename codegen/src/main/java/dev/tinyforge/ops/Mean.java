package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.cgen.Requantization;
import dev.tinyforge.exec.FloatMath;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import dev.tinyforge.tflite.AttributeTensor;
import dev.tinyforge.tflite.TfliteOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.ReducerOptionsT;

/** MEAN over a set of axes (global average pooling is MEAN over axes 1 and 2). */
public final class Mean extends BuiltinOp implements FloatReference, QuantizationRule, CEmission {
    public static final Mean OP = new Mean();

    /** The attributes: the reduced axes (negative counts from the end) and whether they stay as size 1. */
    public record Params(int[] axes, boolean keepDims) implements OpParams {
        @Override
        public boolean equals(Object o) {
            return o instanceof Params m && Arrays.equals(axes, m.axes) && keepDims == m.keepDims;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(axes) * 2 + (keepDims ? 1 : 0);
        }

        @Override
        public String toString() {
            return "Mean[axes=" + Arrays.toString(axes) + ", keepDims=" + keepDims + "]";
        }
    }

    /** The most axis entries TFLite's MEAN keeps (its MeanParams holds four). */
    static final int MAX_AXES = 4;

    private Mean() {
        super("MEAN", 40, 2, Params.class, 1, 1);
    }

    @Override
    public int int16Version() {
        return 3;
    }

    @Override
    public boolean emits16x8() {
        return true;
    }

    /** Which axes of a rank-{@code rank} tensor are reduced, or {@code null} when an axis is out of range. */
    public static boolean[] reduced(Params p, int rank) {
        boolean[] r = new boolean[rank];
        for (int a : p.axes()) {
            int ax = a < 0 ? a + rank : a;
            if (ax < 0 || ax >= rank) {
                return null;
            }
            r[ax] = true;
        }
        return r;
    }

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        Params p = op.params(Params.class);
        int[] s = in.get(0).shape();
        boolean[] r = reduced(p, s.length);
        if (r == null || p.axes().length == 0) {
            throw error(op, "axes " + Arrays.toString(p.axes()) + " are not valid for rank " + s.length);
        }
        List<Integer> out = new ArrayList<>();
        for (int d = 0; d < s.length; d++) {
            if (!r[d]) {
                out.add(s[d]);
            } else if (p.keepDims()) {
                out.add(1);
            }
        }
        if (out.isEmpty()) {
            out.add(1);
        }
        return List.of(out.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public BuiltinOptionsUnion writeOptions(Op op) {
        ReducerOptionsT o = new ReducerOptionsT();
        o.setKeepDims(op.params(Params.class).keepDims());
        return TfliteOptions.union(BuiltinOptions.ReducerOptions, o);
    }

    @Override
    public boolean hasAttributeTensor() {
        return true;
    }

    @Override
    public AttributeTensor attribute(Op op) {
        int[] axes = op.params(Params.class).axes();
        return new AttributeTensor("axes", new int[] {axes.length}, axes);
    }

    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        ReducerOptionsT o = TfliteOptions.options(op, ReducerOptionsT.class);
        int[] axes = TfliteOptions.required(attribute, "axes");
        if (axes.length > MAX_AXES) {
            throw new IllegalArgumentException("MEAN lists " + axes.length + " axes " + Arrays.toString(axes)
                    + "; TFLite 2.20 keeps at most " + MAX_AXES + " and corrupts its memory beyond (it aborts), so "
                    + "such a file cannot be checked against it: list each axis once");
        }
        return new Params(axes, o.getKeepDims());
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        int[] shape = in.get(0).shape();
        boolean[] reduced = reduced(op.params(Params.class), shape.length);
        // Output index of every input element: strides over the kept dimensions only.
        int[] outStrides = new int[shape.length];
        int stride = 1;
        int count = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (reduced[d]) {
                count *= shape[d];
            } else {
                outStrides[d] = stride;
                stride *= shape[d];
            }
        }
        float[] xs = v.get(0);
        double[] sums = new double[out.elementsInt()];
        int[] idx = new int[shape.length];
        for (int i = 0; i < xs.length; i++) {
            int o = 0;
            for (int d = 0; d < shape.length; d++) {
                o += idx[d] * outStrides[d];
            }
            sums[o] += xs[i];
            FloatMath.next(idx, shape);
        }
        float[] y = new float[sums.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (sums[i] / count);
        }
        return y;
    }

    @Override
    public QuantRule outputRule() {
        return QuantRule.CALIBRATED;
    }

    /**
     * Three kernels, chosen as TFLite 2.20's built-in MEAN chooses its int8 arithmetic. The
     * generic-optimized kernel it registers takes its float-bias path ({@code optimized_integer_ops::Mean})
     * only for keep_dims on a 4-D input whose axes tensor is exactly {1, 2} or {2, 1}: negative or
     * repeated spellings of the same axes go to the general path. Everything else, equal input and output
     * quantization included, is the reference {@code QuantizedMeanOrSum}: an int32 sum minus zero point
     * times count, requantized by input / output scale with the division by the count folded in. The
     * general path over height and width of a 4-D tensor has its own loop (global average pooling).
     * int16 (16x8 mode) always takes {@code QuantizedMeanOrSum}: TFLite's float-bias path is int8 only.
     */
    @Override
    public KernelCall emit(EmitContext ctx, int index, Op op) {
        Params p = op.params(Params.class);
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        boolean[] reduced = reduced(p, x.rank());
        if (x.rank() < 1 || x.rank() > 4 || reduced == null) {
            throw EmitContext.refuse(index, op, "the C kernel averages tensors of rank 1 to 4 over valid axes");
        }
        String what = EmitContext.shape(x) + " -> " + EmitContext.shape(y);
        int[] axes = p.axes();
        if (x.dtype() == DType.INT16) {
            return emit16x8(ctx, op, reduced, what);
        }
        if (p.keepDims() && x.rank() == 4 && axes.length == 2
                && (axes[0] == 1 && axes[1] == 2 || axes[0] == 2 && axes[1] == 1)) {
            // TFLite's optimized integer Mean: bias and scale computed in float
            int count = x.dim(1) * x.dim(2);
            float inScale = x.quant().scale();
            float outScale = y.quant().scale();
            float temp = x.quant().zeroPoint() * inScale / outScale;
            temp = temp > 0 ? temp + 0.5f : temp - 0.5f;
            int bias = y.quant().zeroPoint() - (int) temp;
            float realScale = inScale / ((float) count * outScale);
            Requantization.Multiplier m = Requantization.quantize(realScale);
            return ctx.call(what + ", keep dims", "tfg_mean_hw_keepdims_s8(" + EmitContext.dims(x.shape()) + ", "
                    + ctx.arena(x.name()) + ", " + m.multiplier() + ", " + m.shift() + ", " + bias + ", "
                    + ctx.arena(y.name()) + ");", "tfg_mean_hw_keepdims_s8");
        }
        int count = 1;
        int mask = 0;
        for (int d = 0; d < x.rank(); d++) {
            if (reduced[d]) {
                count *= x.dim(d);
                mask |= 1 << (d + 4 - x.rank());
            }
        }
        Requantization.Multiplier m = Requantization.meanMultiplier(x.quant(), y.quant(), count);
        String args = ctx.arena(x.name()) + ", " + x.quant().zeroPoint() + ", " + m.multiplier() + ", " + m.shift()
                + ", " + y.quant().zeroPoint() + ", " + ctx.arena(y.name()) + ");";
        if (x.rank() == 4 && mask == 0b0110) {
            return ctx.call(what, "tfg_mean_hw_s8(" + EmitContext.dims(x.shape()) + ", " + args, "tfg_mean_hw_s8");
        }
        return ctx.call(what + ", axes " + Arrays.toString(axes).replace(" ", ""), "tfg_mean_s8("
                + EmitContext.dims(x.shape()) + ", " + mask + ", " + args, "tfg_mean_s8");
    }

    private KernelCall emit16x8(EmitContext ctx, Op op, boolean[] reduced, String what) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        int count = 1;
        int mask = 0;
        for (int d = 0; d < x.rank(); d++) {
            if (reduced[d]) {
                count *= x.dim(d);
                mask |= 1 << (d + 4 - x.rank());
            }
        }
        Requantization.Multiplier m = Requantization.meanMultiplier(x.quant(), y.quant(), count);
        return ctx.call(what + " int16, axes " + Arrays.toString(op.params(Params.class).axes()).replace(" ", ""),
                "tfg_mean_s16(" + EmitContext.dims(x.shape()) + ", " + mask + ", " + ctx.typedArena(x.name()) + ", "
                        + x.quant().zeroPoint() + ", " + m.multiplier() + ", " + m.shift() + ", " + y.quant().zeroPoint()
                        + ", " + ctx.typedArena(y.name()) + ");", "tfg_mean_s16");
    }

    @Override
    public int maxVersion() {
        return 3;
    }
}
