package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.exec.FloatMath;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.FoldedPadding;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ir.WeightedOp;
import dev.tinyforge.plan.InPlace;
import dev.tinyforge.plan.MemoryRule;
import dev.tinyforge.plan.SpatialWindow;
import dev.tinyforge.plan.Window;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import dev.tinyforge.target.Target;
import dev.tinyforge.tflite.TfliteOptions;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.OperatorT;
import dev.tinyforge.tflite.KernelPrepare;

/**
 * DEPTHWISE_CONV_2D: input {@code [N,H,W,C]}, filter {@code [1,Kh,Kw,C*M]}, bias {@code [C*M]};
 * output channel {@code c*M+m} reads input channel {@code c}.
 *
 * <p>In place with depth multiplier 1, as TinyEngine does: channel by channel, the input channel is
 * saved in a scratch buffer of H×W bytes ({@code tfg_depthwise_conv2d_inplace_s8_get_buffer_size}; on a
 * core with the DSP extension the padded plane the outputs read, for the SMLAD path) and the output
 * channel written in its place; output pixel p of channel c lands on input pixel p of
 * channel c, already saved, because the output has no more pixels than the input. In 16x8 mode
 * (int16 activations, int64 bias) {@code tfg_depthwise_conv2d_s16}, never in place.
 */
public final class DepthwiseConv2d extends BuiltinOp implements WeightedOp, FloatReference,
        QuantizationRule, CEmission, MemoryRule, SpatialWindow, KernelPrepare {
    public static final DepthwiseConv2d OP = new DepthwiseConv2d();

    /** The attributes, with the depth multiplier (output channels = input channels × multiplier). */
    public record Params(int strideH, int strideW, int dilationH, int dilationW, Padding padding, int depthMultiplier,
            Activation activation, FoldedPadding folded) implements OpParams.WithActivation {
        public Params {
            java.util.Objects.requireNonNull(folded, "folded");
        }

        /** The attributes without folded padding (see {@link Conv2d.Params}), as a {@code .tflite} file holds them. */
        public Params(int strideH, int strideW, int dilationH, int dilationW, Padding padding, int depthMultiplier,
                Activation activation) {
            this(strideH, strideW, dilationH, dilationW, padding, depthMultiplier, activation, FoldedPadding.NONE);
        }
    }

    private DepthwiseConv2d() {
        super("DEPTHWISE_CONV_2D", 4, 3, Params.class, 3, 3);
    }

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        Params p = op.params(Params.class);
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        Shapes.requireRank(op, x, 4, "input");
        Shapes.requireRank(op, w, 4, "filter");
        Shapes.requirePositive(op, "depth multiplier", p.depthMultiplier());
        int cout = x.dim(3) * p.depthMultiplier();
        if (w.dim(0) != 1 || w.dim(3) != cout) {
            throw error(op, "filter must be [1,Kh,Kw," + cout + "] for " + x.dim(3)
                    + " channels with multiplier " + p.depthMultiplier() + ", got " + Arrays.toString(w.shape()));
        }
        if (in.get(2).elements() != cout) {
            throw error(op, "bias must have " + cout + " elements, got " + Arrays.toString(in.get(2).shape()));
        }
        int[] hw = Shapes.spatialOut(op, x, w.dim(1), w.dim(2), p.strideH(), p.strideW(), p.dilationH(),
                p.dilationW(), p.padding(), p.folded());
        return List.of(new int[] {x.dim(0), hw[0], hw[1], cout});
    }

    @Override
    public long macs(Op op, List<Tensor> in, List<Tensor> out) {
        Tensor w = in.get(1);
        Tensor y = out.get(0);
        return (long) y.dim(0) * y.dim(1) * y.dim(2) * y.dim(3) * w.dim(1) * w.dim(2);
    }

    @Override
    public int channelDimension() {
        return 3;
    }

    @Override
    public BuiltinOptionsUnion writeOptions(Op op) {
        Params p = op.params(Params.class);
        if (!p.folded().isNone()) {
            throw error(op, "holds a folded PAD " + p.folded() + ", which a .tflite file cannot express: write the "
                    + "graph before PadFolding lowers it");
        }
        DepthwiseConv2DOptionsT o = new DepthwiseConv2DOptionsT();
        o.setPadding((byte) p.padding().tfliteCode());
        o.setStrideH(p.strideH());
        o.setStrideW(p.strideW());
        o.setDilationHFactor(p.dilationH());
        o.setDilationWFactor(p.dilationW());
        o.setDepthMultiplier(p.depthMultiplier());
        o.setFusedActivationFunction((byte) p.activation().tfliteCode());
        return TfliteOptions.union(BuiltinOptions.DepthwiseConv2DOptions, o);
    }

    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        DepthwiseConv2DOptionsT o = TfliteOptions.options(op, DepthwiseConv2DOptionsT.class);
        return new Params(o.getStrideH(), o.getStrideW(), TfliteOptions.positive(o.getDilationHFactor()),
                TfliteOptions.positive(o.getDilationWFactor()), TfliteOptions.padding(o.getPadding()),
                o.getDepthMultiplier(), TfliteOptions.activation(o.getFusedActivationFunction()));
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        Params p = op.params(Params.class);
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        float[] xs = v.get(0);
        float[] ws = v.get(1);
        float[] bs = v.get(2);
        int c = x.dim(3);
        int m = p.depthMultiplier();
        int cout = c * m;
        int kh = w.dim(1);
        int kw = w.dim(2);
        FloatMath.Window g = new FloatMath.Window(x.dim(0), x.dim(1), x.dim(2), out.dim(1), out.dim(2),
                p.folded().padTop(p.padding(), x.dim(1), kh, p.strideH(), p.dilationH()),
                p.folded().padLeft(p.padding(), x.dim(2), kw, p.strideW(), p.dilationW()));
        int h = g.inH();
        int wd = g.inW();
        int oh = g.outH();
        int ow = g.outW();
        float[] y = new float[out.elementsInt()];
        for (int b = 0; b < g.batch(); b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int yBase = ((b * oh + oy) * ow + ox) * cout;
                    System.arraycopy(bs, 0, y, yBase, cout);
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = oy * p.strideH() - g.padTop() + ky * p.dilationH();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ox * p.strideW() - g.padLeft() + kx * p.dilationW();
                            if (ix < 0 || ix >= wd) {
                                continue;
                            }
                            int xb = ((b * h + iy) * wd + ix) * c;
                            int wb = (ky * kw + kx) * cout;
                            if (m == 1) {
                                for (int ci = 0; ci < c; ci++) {
                                    y[yBase + ci] += xs[xb + ci] * ws[wb + ci];
                                }
                            } else {
                                for (int ci = 0; ci < c; ci++) {
                                    float xv = xs[xb + ci];
                                    for (int j = 0; j < m; j++) {
                                        y[yBase + ci * m + j] += xv * ws[wb + ci * m + j];
                                    }
                                }
                            }
                        }
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
        return QuantRule.CALIBRATED;
    }

    @Override
    public int int16Version() {
        return 5;
    }

    @Override
    public boolean emits16x8() {
        return true;
    }

    @Override
    public KernelCall emit(EmitContext ctx, int index, Op op) {
        Params p = op.params(Params.class);
        Tensor x = ctx.tensor(op.input(0));
        Tensor w = ctx.tensor(op.input(1));
        Tensor y = ctx.tensor(op.output());
        String quant = ConvEmission.quant(ctx, op, w.dim(3));
        if (x.dtype() == DType.INT16) {
            // TFLite's reference int16 DepthwiseConvPerChannel, the only int16 kernel of its built-in op
            return ctx.call(EmitContext.shape(x) + " -> " + EmitContext.shape(y) + " int16, " + w.dim(1) + "x"
                    + w.dim(2) + " stride " + p.strideH() + "x" + p.strideW() + ", multiplier " + p.depthMultiplier()
                    + ", " + p.activation(), ConvEmission.params(ctx, index, op, p.strideH(), p.strideW(),
                            p.dilationH(), p.dilationW(), p.padding(), p.folded(), p.depthMultiplier(),
                            p.activation()) + "\n"
                    + quant + "\n"
                    + "tfg_depthwise_conv2d_s16(&params, &quant, " + EmitContext.dims(x.shape()) + ", "
                    + ctx.typedArena(x.name()) + ",\n"
                    + "                         " + EmitContext.dims(w.shape()) + ", " + ctx.int8Array(w) + ", "
                    + ctx.int64Array(ctx.tensor(op.input(2))) + ",\n"
                    + "                         " + EmitContext.dims(y.shape()) + ", " + ctx.typedArena(y.name())
                    + ");", "tfg_depthwise_conv2d_s16");
        }
        String head = ConvEmission.params(ctx, index, op, p.strideH(), p.strideW(), p.dilationH(), p.dilationW(),
                p.padding(), p.folded(), p.depthMultiplier(), p.activation()) + "\n" + quant + "\n";
        String what = EmitContext.shape(x) + " -> " + EmitContext.shape(y) + ", " + w.dim(1) + "x" + w.dim(2)
                + " stride " + p.strideH() + "x" + p.strideW() + ", multiplier " + p.depthMultiplier() + ", "
                + p.activation();
        if (ctx.inPlace(index)) {
            return ctx.call(what + ", in place", head
                    + "tfg_depthwise_conv2d_inplace_s8(&params, &quant, " + EmitContext.dims(x.shape()) + ",\n"
                    + "                                " + EmitContext.dims(w.shape()) + ", " + ctx.int8Array(w) + ", "
                    + ctx.int32Array(ctx.tensor(op.input(2))) + ",\n"
                    + "                                " + EmitContext.dims(y.shape()) + ", " + ctx.arena(y.name())
                    + ", " + ctx.scratch(index) + ", " + ctx.scratchBytes(index) + ");", "tfg_depthwise_conv2d_inplace_s8")
                    .withScratchQuery("tfg_depthwise_conv2d_inplace_s8_get_buffer_size(" + EmitContext.dims(x.shape())
                            + ", " + EmitContext.dims(w.shape()) + ", " + EmitContext.dims(y.shape()) + ", "
                            + p.strideH() + ", " + p.strideW() + ", " + p.dilationH() + ", " + p.dilationW() + ")");
        }
        return ctx.call(what, head
                + "tfg_depthwise_conv2d_s8(&params, &quant, " + EmitContext.dims(x.shape()) + ", " + ctx.arena(x.name())
                + ",\n"
                + "                        " + EmitContext.dims(w.shape()) + ", " + ctx.int8Array(w) + ", "
                + ctx.int32Array(ctx.tensor(op.input(2))) + ",\n"
                + "                        " + EmitContext.dims(y.shape()) + ", " + ctx.arena(y.name()) + ");",
                "tfg_depthwise_conv2d_s8");
    }

    /**
     * Multiplier 1, one image, no more output pixels than input pixels (see the class comment), and not
     * int16 (there is no in-place 16x8 kernel).
     */
    @Override
    public InPlace inPlace(Graph g, Op op, Target target) {
        Tensor x = g.tensor(op.input(0));
        Tensor y = g.tensor(op.output());
        if (op.params(Params.class).depthMultiplier() != 1 || !Shapes.singleImage(x) || x.dtype() == DType.INT16
                || y.dim(1) * (long) y.dim(2) > x.dim(1) * (long) x.dim(2)) {
            return InPlace.NONE;
        }
        return InPlace.over(0);
    }

    /**
     * In place: one input channel, or on a core with the DSP extension the padded plane its outputs read
     * plus 3 bytes (the SMLAD paths' last 4-byte load: the 3×3 one's, and the k×k one's whose groups of four taps
     * read at most 3 bytes past a window's row), as {@code tfg_depthwise_conv2d_inplace_s8_get_buffer_size}
     * computes, for every filter size; else none. Out of place none, on every core: the DSP paths (3×3 and k×k)
     * read the input directly, so a patch stage, whose ops get no scratch, runs them too.
     */
    @Override
    public long scratchBytes(Graph g, Op op, Target target, boolean inPlace) {
        if (!inPlace) {
            return 0;
        }
        Tensor x = g.tensor(op.input(0));
        Params p = op.params(Params.class);
        Tensor w = g.tensor(op.input(1));
        Tensor y = g.tensor(op.output());
        long rows = (long) (y.dim(1) - 1) * p.strideH() + (long) (w.dim(1) - 1) * p.dilationH() + 1;
        long cols = (long) (y.dim(2) - 1) * p.strideW() + (long) (w.dim(2) - 1) * p.dilationW() + 1;
        return inPlaceScratchBytes(target, x.dim(1), x.dim(2), rows, cols);
    }

    /**
     * The scratch of an in-place depthwise convolution over an {@code inH}×{@code inW} plane whose
     * outputs read a padded plane of {@code rows}×{@code cols}: the rule above, for callers that have
     * shapes but no graph (the search).
     */
    public static long inPlaceScratchBytes(Target target, long inH, long inW, long rows, long cols) {
        return target.has(Target.Feature.DSP) ? rows * cols + 3 : inH * inW;
    }

    @Override
    public Window window(Graph g, Op op) {
        Params p = op.params(Params.class);
        Tensor f = g.tensor(op.input(1));
        Tensor x = g.tensor(op.input(0));
        return new Window(f.dim(1), f.dim(2), p.strideH(), p.strideW(), p.dilationH(), p.dilationW(),
                p.folded().padTop(p.padding(), x.dim(1), f.dim(1), p.strideH(), p.dilationH()),
                p.folded().padLeft(p.padding(), x.dim(2), f.dim(2), p.strideW(), p.dilationW()));
    }

    @Override
    public String patchRestriction(Graph g, Op op) {
        return op.params(Params.class).folded().isNone() ? null
                : "folded PAD (patch plans are made on the graph with its PADs)";
    }

    @Override
    public int maxVersion() {
        return 7;
    }

    /**
     * depthwise_conv.cc: as a convolution (quantized input and weights, per-channel scales one per output
     * channel, bias type, symmetric 16x8 activations, activation bounds), except that the int8 kernel ignores
     * the weights' zero point instead of refusing it, and that a bias may be left out (not listed; one listed as
     * -1 is refused).
     */
    @Override
    public String prepareProblem(Op op, List<Tensor> in, Tensor out) {
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        if (!PrepareChecks.quantized(x)) {
            return PrepareChecks.sameType(x, out);
        }
        if (in.size() > 2 && in.get(2) == null) {
            // measured on TFLite 2.20 (16x8): "Tensor at index 2 was optional but was expected"; not listing it is fine
            return "input 2 (bias) is -1, expected a tensor: TFLite's DEPTHWISE_CONV_2D reads a third input when the "
                    + "operator lists one (leave it out of the list, or give a bias)";
        }
        return PrepareChecks.first(PrepareChecks.sameType(x, out), PrepareChecks.int16ZeroPoint(x, "input"),
                PrepareChecks.int16ZeroPoint(out, "output"), PrepareChecks.convolutionQuantization(x, w, w.dim(3)),
                PrepareChecks.bias(x, PrepareChecks.optional(in, 2)), PrepareChecks.hasQuantization(out, "output"),
                PrepareChecks.activationRange(op.params(Params.class).activation(), out));
    }
}
