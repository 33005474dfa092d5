package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import dev.tinyforge.tflite.AttributeTensor;
import dev.tinyforge.tflite.TfliteOptions;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.ResizeNearestNeighborOptionsT;

/**
 * RESIZE_NEAREST_NEIGHBOR of an NHWC tensor to a new height and width, with TFLite's index
 * arithmetic ({@link #sourceIndex}); the C kernel reads precomputed row and column tables.
 */
public final class ResizeNearestNeighbor extends BuiltinOp implements FloatReference, QuantizationRule,
        CEmission {
    public static final ResizeNearestNeighbor OP = new ResizeNearestNeighbor();

    /** The attributes: output height and width and TFLite's two alignment flags. */
    public record Params(int height, int width, boolean alignCorners, boolean halfPixelCenters) implements OpParams {
    }

    private ResizeNearestNeighbor() {
        super("RESIZE_NEAREST_NEIGHBOR", 97, 2, Params.class, 1, 1);
    }

    /**
     * TFLite's source index for output row or column {@code outIndex}, computed in float exactly as
     * TFLite's {@code GetNearestNeighbor} does: the float reference, the int8 kernel tables of the C
     * backend and TFLite itself must agree on it.
     */
    public static int sourceIndex(int outIndex, int inSize, int outSize, boolean alignCorners,
            boolean halfPixelCenters) {
        float scale = (alignCorners && outSize > 1) ? (inSize - 1) / (float) (outSize - 1) : inSize / (float) outSize;
        float offset = halfPixelCenters ? 0.5f : 0f;
        float pos = (outIndex + offset) * scale;
        int src = alignCorners ? (int) Math.round((double) pos) : (int) Math.floor(pos);
        src = Math.min(src, inSize - 1);
        return halfPixelCenters ? Math.max(0, src) : src;
    }

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        Params p = op.params(Params.class);
        Tensor x = in.get(0);
        Shapes.requireRank(op, x, 4, "input");
        Shapes.requirePositive(op, "output size", p.height(), p.width());
        return List.of(new int[] {x.dim(0), p.height(), p.width(), x.dim(3)});
    }

    @Override
    public BuiltinOptionsUnion writeOptions(Op op) {
        Params p = op.params(Params.class);
        ResizeNearestNeighborOptionsT o = new ResizeNearestNeighborOptionsT();
        o.setAlignCorners(p.alignCorners());
        o.setHalfPixelCenters(p.halfPixelCenters());
        return TfliteOptions.union(BuiltinOptions.ResizeNearestNeighborOptions, o);
    }

    @Override
    public boolean hasAttributeTensor() {
        return true;
    }

    @Override
    public AttributeTensor attribute(Op op) {
        Params p = op.params(Params.class);
        return new AttributeTensor("size", new int[] {2}, new int[] {p.height(), p.width()});
    }

    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        ResizeNearestNeighborOptionsT o = TfliteOptions.options(op, ResizeNearestNeighborOptionsT.class);
        int[] size = TfliteOptions.required(attribute, "size");
        if (size.length != 2) {
            throw new IllegalArgumentException("size must have 2 values, got " + Arrays.toString(size));
        }
        return new Params(size[0], size[1], o.getAlignCorners(), o.getHalfPixelCenters());
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        Params p = op.params(Params.class);
        Tensor x = in.get(0);
        float[] xs = v.get(0);
        int h = x.dim(1);
        int wd = x.dim(2);
        int c = x.dim(3);
        int oh = out.dim(1);
        int ow = out.dim(2);
        float[] y = new float[out.elementsInt()];
        for (int b = 0; b < x.dim(0); b++) {
            for (int oy = 0; oy < oh; oy++) {
                int iy = sourceIndex(oy, h, oh, p.alignCorners(), p.halfPixelCenters());
                for (int ox = 0; ox < ow; ox++) {
                    int ix = sourceIndex(ox, wd, ow, p.alignCorners(), p.halfPixelCenters());
                    System.arraycopy(xs, ((b * h + iy) * wd + ix) * c, y, ((b * oh + oy) * ow + ox) * c, c);
                }
            }
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
        Params p = op.params(Params.class);
        int[] rows = new int[y.dim(1)];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = sourceIndex(i, x.dim(1), y.dim(1), p.alignCorners(), p.halfPixelCenters());
        }
        int[] cols = new int[y.dim(2)];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = sourceIndex(i, x.dim(2), y.dim(2), p.alignCorners(), p.halfPixelCenters());
        }
        String ys = ctx.int32Table(op.output(), "source_y", rows);
        String xs = ctx.int32Table(op.output(), "source_x", cols);
        return ctx.call(EmitContext.shape(x) + " -> " + EmitContext.shape(y) + (p.alignCorners() ? ", align corners" : "")
                + (p.halfPixelCenters() ? ", half-pixel centers" : ""), "tfg_resize_nearest_s8("
                + EmitContext.dims(x.shape()) + ", " + ctx.arena(x.name()) + ", " + ys + ", " + xs + ",\n"
                + "                      " + EmitContext.dims(y.shape()) + ", " + ctx.arena(y.name()) + ");",
                "tfg_resize_nearest_s8");
    }

    @Override
    public int maxVersion() {
        return 4;
    }
}
