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
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.OperatorT;
import dev.tinyforge.tflite.KernelPrepare;

/**
 * CONV_2D: input {@code [N,H,W,Cin]}, filter {@code [Cout,Kh,Kw,Cin/groups]}, bias {@code [Cout]}.
 * Grouped convolution follows TFLite (the group count is {@code Cin / filterCin}); the int8 C kernel
 * refuses it, the 16x8 one (TFLite's reference arithmetic) takes it. In 16x8 mode (int16 activations,
 * int64 bias) {@code tfg_conv2d_s16}. In place, the output overlaps the input rows the kernel has consumed
 * ({@link InPlace#rowShift}; a 1×1 stride-1 convolution pixel by pixel, {@link InPlace#pointwiseShift}).
 */
public final class Conv2d extends BuiltinOp implements WeightedOp, FloatReference, QuantizationRule,
        CEmission, MemoryRule, SpatialWindow, KernelPrepare {
    public static final Conv2d OP = new Conv2d();

    /**
     * The attributes: strides, dilations, padding and fused activation, and the padding of a PAD folded into
     * the op for C generation ({@link FoldedPadding#NONE} in every graph read from or written to a file).
     */
    public record Params(int strideH, int strideW, int dilationH, int dilationW, Padding padding, Activation activation,
            FoldedPadding folded) implements OpParams.WithActivation {
        public Params {
            java.util.Objects.requireNonNull(folded, "folded");
        }

        /** The attributes of a convolution without folded padding, as a {@code .tflite} file holds them. */
        public Params(int strideH, int strideW, int dilationH, int dilationW, Padding padding, Activation activation) {
            this(strideH, strideW, dilationH, dilationW, padding, activation, FoldedPadding.NONE);
        }
    }

    private Conv2d() {
        super("CONV_2D", 3, 3, Params.class, 3, 3);
    }

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        Params p = op.params(Params.class);
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        Shapes.requireRank(op, x, 4, "input");
        Shapes.requireRank(op, w, 4, "filter");
        int cin = x.dim(3);
        int cout = w.dim(0);
        if (cin % w.dim(3) != 0 || cout % (cin / w.dim(3)) != 0) {
            throw error(op, "filter " + Arrays.toString(w.shape()) + " does not fit " + cin
                    + " input channels (input channels must be a multiple of the filter's last dimension)");
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
        return (long) y.dim(0) * y.dim(1) * y.dim(2) * y.dim(3) * w.dim(1) * w.dim(2) * w.dim(3);
    }

    @Override
    public int channelDimension() {
        return 0;
    }

    @Override
    public BuiltinOptionsUnion writeOptions(Op op) {
        Params p = op.params(Params.class);
        if (!p.folded().isNone()) {
            throw error(op, "holds a folded PAD " + p.folded() + ", which a .tflite file cannot express: write the "
                    + "graph before PadFolding lowers it");
        }
        Conv2DOptionsT o = new Conv2DOptionsT();
        o.setPadding((byte) p.padding().tfliteCode());
        o.setStrideH(p.strideH());
        o.setStrideW(p.strideW());
        o.setDilationHFactor(p.dilationH());
        o.setDilationWFactor(p.dilationW());
        o.setFusedActivationFunction((byte) p.activation().tfliteCode());
        return TfliteOptions.union(BuiltinOptions.Conv2DOptions, o);
    }

    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        Conv2DOptionsT o = TfliteOptions.options(op, Conv2DOptionsT.class);
        return new Params(o.getStrideH(), o.getStrideW(), TfliteOptions.positive(o.getDilationHFactor()),
                TfliteOptions.positive(o.getDilationWFactor()), TfliteOptions.padding(o.getPadding()),
                TfliteOptions.activation(o.getFusedActivationFunction()));
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        Params p = op.params(Params.class);
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        float[] xs = v.get(0);
        float[] ws = v.get(1);
        float[] bs = v.get(2);
        int cin = x.dim(3);
        int cout = w.dim(0);
        int kh = w.dim(1);
        int kw = w.dim(2);
        int cg = w.dim(3);
        int coutPerGroup = cout / (cin / cg);
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
                    for (int co = 0; co < cout; co++) {
                        int ciBase = (co / coutPerGroup) * cg;
                        float acc = bs[co];
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
                                int xb = ((b * h + iy) * wd + ix) * cin + ciBase;
                                int wb = ((co * kh + ky) * kw + kx) * cg;
                                for (int ci = 0; ci < cg; ci++) {
                                    acc += xs[xb + ci] * ws[wb + ci];
                                }
                            }
                        }
                        y[yBase + co] = acc;
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
        return 4;
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
        if (x.dtype() == DType.INT16) {
            return emit16x8(ctx, index, op);
        }
        if (w.dim(3) != x.dim(3)) {
            throw EmitContext.refuse(index, op, "grouped convolution (" + x.dim(3) / w.dim(3) + " groups) is not "
                    + "supported by the C kernels yet: TFLite 2.20's grouped int8 result differs from the reference "
                    + "arithmetic");
        }
        String quant = ConvEmission.quant(ctx, op, w.dim(0));
        String code = ConvEmission.params(ctx, index, op, p.strideH(), p.strideW(), p.dilationH(), p.dilationW(),
                p.padding(), p.folded(), 1, p.activation()) + "\n"
                + quant + "\n"
                + "tfg_conv2d_s8(&params, &quant, " + EmitContext.dims(x.shape()) + ", " + ctx.arena(x.name()) + ",\n"
                + "              " + EmitContext.dims(w.shape()) + ", " + ctx.int8Array(w) + ", "
                + ctx.int32Array(ctx.tensor(op.input(2))) + ",\n"
                + "              " + EmitContext.dims(y.shape()) + ", " + ctx.arena(y.name()) + ", "
                + (ctx.hasScratch(index) ? ctx.scratch(index) : "0") + ");";
        return ctx.call(EmitContext.shape(x) + " -> " + EmitContext.shape(y) + ", " + w.dim(1) + "x" + w.dim(2)
                + " stride " + p.strideH() + "x" + p.strideW() + ", " + p.activation()
                + (ctx.inPlace(index) ? ", output overlapping the consumed input" : "")
                + (ctx.hasScratch(index) ? ", im2col GEMM (DSP)" : ""), code, "tfg_conv2d_s8")
                .withScratchQuery("tfg_conv2d_s8_get_buffer_size(" + EmitContext.dims(x.shape()) + ", "
                        + EmitContext.dims(w.shape()) + ")");
    }

    /**
     * 16x8: TFLite's reference int16 ConvPerChannel (its built-in kernel's path for int64 biases), grouped
     * convolution included.
     */
    private KernelCall emit16x8(EmitContext ctx, int index, Op op) {
        Params p = op.params(Params.class);
        Tensor x = ctx.tensor(op.input(0));
        Tensor w = ctx.tensor(op.input(1));
        Tensor y = ctx.tensor(op.output());
        String code = ConvEmission.params(ctx, index, op, p.strideH(), p.strideW(), p.dilationH(), p.dilationW(),
                p.padding(), p.folded(), 1, p.activation()) + "\n"
                + ConvEmission.quant(ctx, op, w.dim(0)) + "\n"
                + "tfg_conv2d_s16(&params, &quant, " + EmitContext.dims(x.shape()) + ", " + ctx.typedArena(x.name())
                + ",\n"
                + "               " + EmitContext.dims(w.shape()) + ", " + ctx.int8Array(w) + ", "
                + ctx.int64Array(ctx.tensor(op.input(2))) + ",\n"
                + "               " + EmitContext.dims(y.shape()) + ", " + ctx.typedArena(y.name()) + ");";
        return ctx.call(EmitContext.shape(x) + " -> " + EmitContext.shape(y) + " int16, " + w.dim(1) + "x" + w.dim(2)
                + " stride " + p.strideH() + "x" + p.strideW() + (w.dim(3) != x.dim(3) ? ", " + x.dim(3) / w.dim(3)
                + " groups" : "") + ", " + p.activation()
                + (ctx.inPlace(index) ? ", output overlapping the consumed input" : ""), code, "tfg_conv2d_s16");
    }

    /**
     * A 1×1 stride-1 convolution pixel by pixel (output pixel p reads input pixel p, so not with a folded PAD),
     * any other by rows; not grouped or batched ones.
     */
    @Override
    public InPlace inPlace(Graph g, Op op, Target target) {
        Params p = op.params(Params.class);
        Tensor x = g.tensor(op.input(0));
        Tensor w = g.tensor(op.input(1));
        Tensor y = g.tensor(op.output());
        if (w.dim(3) != x.dim(3) || !Shapes.singleImage(x)) {
            return InPlace.NONE;
        }
        long inPixel = x.dim(3) * (long) x.dtype().bytes();
        long outPixel = y.dim(3) * (long) y.dtype().bytes();
        if (w.dim(1) == 1 && w.dim(2) == 1 && p.strideH() == 1 && p.strideW() == 1 && p.folded().isNone()) {
            return new InPlace(0, InPlace.pointwiseShift((long) x.dim(1) * x.dim(2), inPixel, outPixel));
        }
        int padTop = p.folded().padTop(p.padding(), x.dim(1), w.dim(1), p.strideH(), p.dilationH());
        return new InPlace(0, InPlace.rowShift(y.dim(1), y.dim(2) * outPixel, x.dim(2) * inPixel, p.strideH(), padTop));
    }

    /**
     * On a core with the DSP extension, an int8 ungrouped convolution takes two im2col columns of
     * K = Kh·Kw·Cin depths widened to 16 bits (4·K bytes), plus one int8 window of K bytes when the
     * filter is larger than 1×1 ({@code tfg_conv2d_s8_get_buffer_size}), for its SMLAD path, in place or
     * not (the columns of a pixel pair are copied before the pair's outputs are written, so the plain
     * path's in-place rule holds); elsewhere none.
     */
    @Override
    public long scratchBytes(Graph g, Op op, Target target, boolean inPlace) {
        Tensor x = g.tensor(op.input(0));
        Tensor w = g.tensor(op.input(1));
        if (x.dtype() != DType.INT8 || w.dim(3) != x.dim(3)) {
            return 0;
        }
        return scratchBytes(target, w.dim(1), w.dim(2), x.dim(3));
    }

    /**
     * The scratch of an int8 ungrouped convolution with a {@code kh}×{@code kw} filter over {@code inC}
     * channels on {@code target}: the rule above, for callers that have shapes but no graph (the search).
     */
    public static long scratchBytes(Target target, int kh, int kw, int inC) {
        if (!target.has(Target.Feature.DSP)) {
            return 0;
        }
        long depth = (long) kh * kw * inC;
        return kh == 1 && kw == 1 ? 4 * depth : 5 * depth;
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
        if (!op.params(Params.class).folded().isNone()) {
            return "folded PAD (patch plans are made on the graph with its PADs)";
        }
        return g.tensor(op.input(1)).dim(3) != g.tensor(op.input(0)).dim(3) ? "grouped convolution" : null;
    }

    @Override
    public int maxVersion() {
        return 8;
    }

    /**
     * conv.cc: a quantized convolution needs quantized input and weights, symmetric weights (zero point 0),
     * per-channel scales one per output channel, a bias (TFLite's quantized CONV_2D refuses one left out): int32
     * (int64 in 16x8 mode, where the activations are symmetric too) with zero point 0, and fused-activation
     * bounds that fit the output's steps.
     */
    @Override
    public String prepareProblem(Op op, List<Tensor> in, Tensor out) {
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        if (!PrepareChecks.quantized(x)) {
            return PrepareChecks.sameType(x, out);
        }
        if (PrepareChecks.optional(in, 2) == null) {
            // measured on TFLite 2.20 (int8 and 16x8): "has_bias was not true", or "Tensor at index 2 was optional
            // but was expected" for a bias listed as -1
            return "no bias (input 2 " + (in.size() > 2 ? "is -1" : "is not listed") + "), expected one: TFLite's "
                    + x.dtype() + " CONV_2D requires a bias";
        }
        return PrepareChecks.first(PrepareChecks.sameType(x, out), PrepareChecks.int16ZeroPoint(x, "input"),
                PrepareChecks.int16ZeroPoint(out, "output"), PrepareChecks.convolutionQuantization(x, w, w.dim(0)),
                PrepareChecks.weightZeroPoints(w), PrepareChecks.bias(x, PrepareChecks.optional(in, 2)),
                PrepareChecks.hasQuantization(out, "output"),
                PrepareChecks.activationRange(op.params(Params.class).activation(), out));
    }
}
