package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.cgen.Requantization;
import dev.tinyforge.exec.FloatMath;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.SpatialWindow;
import dev.tinyforge.plan.Window;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import dev.tinyforge.tflite.TfliteOptions;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.Pool2DOptionsT;

/**
 * What AVERAGE_POOL_2D and MAX_POOL_2D share: an NHWC window with TFLite's options, the float
 * reference (averages over the in-bounds part of the window only, maxima ignore padding), an output
 * that keeps the input's quantization, and a kernel called with the same parameter block (its
 * {@code _s16} twin for int16 tensors, TFLite's reference int16 pools).
 */
public abstract class Pool2d extends BuiltinOp implements FloatReference, QuantizationRule, CEmission,
        SpatialWindow {

    /** The attributes: window, strides, padding and fused activation. */
    public record Params(int filterH, int filterW, int strideH, int strideW, Padding padding, Activation activation)
            implements OpParams.WithActivation {
    }

    private final String kernel;
    private final boolean max;

    Pool2d(String name, int builtinCode, String kernel, boolean max) {
        super(name, builtinCode, 2, Params.class, 1, 1);
        this.kernel = kernel;
        this.max = max;
    }

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        Params p = op.params(Params.class);
        Tensor x = in.get(0);
        Shapes.requireRank(op, x, 4, "input");
        int[] hw = Shapes.spatialOut(op, x, p.filterH(), p.filterW(), p.strideH(), p.strideW(), 1, 1, p.padding());
        return List.of(new int[] {x.dim(0), hw[0], hw[1], x.dim(3)});
    }

    @Override
    public BuiltinOptionsUnion writeOptions(Op op) {
        Params p = op.params(Params.class);
        Pool2DOptionsT o = new Pool2DOptionsT();
        o.setPadding((byte) p.padding().tfliteCode());
        o.setStrideH(p.strideH());
        o.setStrideW(p.strideW());
        o.setFilterHeight(p.filterH());
        o.setFilterWidth(p.filterW());
        o.setFusedActivationFunction((byte) p.activation().tfliteCode());
        return TfliteOptions.union(BuiltinOptions.Pool2DOptions, o);
    }

    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        Pool2DOptionsT o = TfliteOptions.options(op, Pool2DOptionsT.class);
        return new Params(o.getFilterHeight(), o.getFilterWidth(), o.getStrideH(), o.getStrideW(),
                TfliteOptions.padding(o.getPadding()), TfliteOptions.activation(o.getFusedActivationFunction()));
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        Params p = op.params(Params.class);
        Tensor x = in.get(0);
        float[] xs = v.get(0);
        int c = x.dim(3);
        FloatMath.Window g = FloatMath.Window.of(x, out, p.filterH(), p.filterW(), p.strideH(), p.strideW(), 1, 1,
                p.padding());
        int h = g.inH();
        int wd = g.inW();
        int oh = g.outH();
        int ow = g.outW();
        float[] y = new float[out.elementsInt()];
        for (int b = 0; b < g.batch(); b++) {
            for (int oy = 0; oy < oh; oy++) {
                int y0 = Math.max(0, oy * p.strideH() - g.padTop());
                int y1 = Math.min(h, oy * p.strideH() - g.padTop() + p.filterH());
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = Math.max(0, ox * p.strideW() - g.padLeft());
                    int x1 = Math.min(wd, ox * p.strideW() - g.padLeft() + p.filterW());
                    int yb = ((b * oh + oy) * ow + ox) * c;
                    for (int ch = 0; ch < c; ch++) {
                        float acc = max ? Float.NEGATIVE_INFINITY : 0f;
                        for (int iy = y0; iy < y1; iy++) {
                            for (int ix = x0; ix < x1; ix++) {
                                float val = xs[((b * h + iy) * wd + ix) * c + ch];
                                acc = max ? Math.max(acc, val) : acc + val;
                            }
                        }
                        y[yb + ch] = max ? acc : acc / ((y1 - y0) * (x1 - x0));
                    }
                }
            }
        }
        if (act) {
            FloatMath.activate(y, p.activation());
        }
        return y;
    }

    @Override
    public QuantRule outputRule() {
        return QuantRule.SAME_AS_INPUT;
    }

    @Override
    public int int16Version() {
        return 3;
    }

    @Override
    public boolean emits16x8() {
        return true;
    }

    @Override
    public KernelCall emit(EmitContext ctx, int index, Op op) {
        Params p = op.params(Params.class);
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        EmitContext.requireSameQuant(index, op, x.quant(), y.quant());
        int[] range = Requantization.activationRange(p.activation(), y.quant(), y.dtype());
        String kernel = y.dtype() == DType.INT16 ? this.kernel.replace("_s8", "_s16") : this.kernel;
        int[] tile = ctx.padsOf(index);
        int padTop = tile != null ? tile[0] : p.padding().padBefore(x.dim(1), p.filterH(), p.strideH(), 1);
        int padLeft = tile != null ? tile[1] : p.padding().padBefore(x.dim(2), p.filterW(), p.strideW(), 1);
        String code = "static const tfg_pool_params params = {" + p.filterH() + ", " + p.filterW() + ", " + p.strideH()
                + ", " + p.strideW() + ", " + padTop + ", " + padLeft + ", " + range[0] + ", " + range[1] + "};\n"
                + kernel + "(&params, " + EmitContext.dims(x.shape()) + ", " + ctx.typedArena(x.name()) + ", "
                + EmitContext.dims(y.shape()) + ", " + ctx.typedArena(y.name()) + ");";
        return ctx.call(EmitContext.shape(x) + " -> " + EmitContext.shape(y) + ", " + p.filterH() + "x" + p.filterW()
                + " stride " + p.strideH() + "x" + p.strideW(), code, kernel);
    }

    @Override
    public Window window(Graph g, Op op) {
        Params p = op.params(Params.class);
        return Window.of(g.tensor(op.input(0)), p.filterH(), p.filterW(), p.strideH(), p.strideW(), 1, 1,
                p.padding());
    }
}
