package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.cgen.Requantization;
import dev.tinyforge.exec.FloatMath;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ir.WeightedOp;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import dev.tinyforge.tflite.TfliteOptions;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.OperatorT;
import dev.tinyforge.tflite.KernelPrepare;

/**
 * FULLY_CONNECTED: weights {@code [Cout,Cin]}, bias {@code [Cout]}; the input is read as
 * {@code [elements/Cin, Cin]} as TFLite does, and the output is {@code [elements/Cin, Cout]}. Weights
 * may be quantized per tensor (TFLite's converter default) or per channel. In 16x8 mode (int16
 * activations, int64 bias) {@code tfg_fully_connected_s16}.
 */
public final class FullyConnected extends BuiltinOp implements WeightedOp, FloatReference,
        QuantizationRule, CEmission, KernelPrepare {
    public static final FullyConnected OP = new FullyConnected();

    /** The attributes: the fused activation (the output keeps the batch dimension: {@code [N, Cout]}). */
    public record Params(Activation activation) implements OpParams.WithActivation {
    }

    private FullyConnected() {
        super("FULLY_CONNECTED", 9, 4, Params.class, 3, 3);
    }

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        Shapes.requireRank(op, w, 2, "weights");
        int cin = w.dim(1);
        if (x.elements() % cin != 0) {
            throw error(op, "input " + Arrays.toString(x.shape()) + " is not a whole number of rows of "
                    + cin + " (the weights' second dimension)");
        }
        if (in.get(2).elements() != w.dim(0)) {
            throw error(op, "bias must have " + w.dim(0) + " elements, got " + Arrays.toString(in.get(2).shape()));
        }
        return List.of(new int[] {(int) (x.elements() / cin), w.dim(0)});
    }

    @Override
    public long macs(Op op, List<Tensor> in, List<Tensor> out) {
        Tensor w = in.get(1);
        return (long) out.get(0).dim(0) * w.dim(0) * w.dim(1);
    }

    @Override
    public int channelDimension() {
        return 0;
    }

    @Override
    public boolean allowsPerTensorWeights() {
        return true;
    }

    @Override
    public BuiltinOptionsUnion writeOptions(Op op) {
        FullyConnectedOptionsT o = new FullyConnectedOptionsT();
        o.setFusedActivationFunction((byte) op.params(Params.class).activation().tfliteCode());
        return TfliteOptions.union(BuiltinOptions.FullyConnectedOptions, o);
    }

    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        FullyConnectedOptionsT o = TfliteOptions.options(op, FullyConnectedOptionsT.class);
        if (o.getKeepNumDims()) {
            throw new IllegalArgumentException("keep_num_dims=true is not supported (the IR's FULLY_CONNECTED "
                    + "output is [rows, Cout])");
        }
        if (o.getWeightsFormat() != 0) {
            throw new IllegalArgumentException("weights format " + o.getWeightsFormat()
                    + " is not supported (only DEFAULT)");
        }
        if (o.getAsymmetricQuantizeInputs()) {
            throw new IllegalArgumentException("asymmetric_quantize_inputs (hybrid model) is not supported");
        }
        return new Params(TfliteOptions.activation(o.getFusedActivationFunction()));
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        float[] xs = v.get(0);
        float[] ws = v.get(1);
        float[] bs = v.get(2);
        int cout = in.get(1).dim(0);
        int cin = in.get(1).dim(1);
        int rows = xs.length / cin;
        float[] y = new float[rows * cout];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < cout; o++) {
                float acc = bs[o];
                int wb = o * cin;
                int xb = r * cin;
                for (int i = 0; i < cin; i++) {
                    acc += xs[xb + i] * ws[wb + i];
                }
                y[r * cout + o] = acc;
            }
        }
        if (act) {
            FloatMath.activate(y, op.params(Params.class).activation());
        }
        return y;
    }

    @Override
    public QuantRule outputRule() {
        return QuantRule.CALIBRATED;
    }

    @Override
    public int int16Version() {
        return 7;
    }

    @Override
    public boolean emits16x8() {
        return true;
    }

    @Override
    public KernelCall emit(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor w = ctx.tensor(op.input(1));
        Tensor y = ctx.tensor(op.output());
        Activation act = op.params(Params.class).activation();
        Quant wq = w.quant();
        if (x.dtype() == DType.INT16) {
            return emit16x8(ctx, op);
        }
        String[] tables;
        int perChannel;
        if (wq.isPerChannel()) {
            tables = ctx.perChannelTables(op, w.dim(0));
            perChannel = 1;
        } else {
            Requantization.Multiplier m = Requantization.fullyConnected(x.quant(), wq, y.quant());
            tables = new String[] {ctx.int32Table(op.output(), "multiplier", new int[] {m.multiplier()}),
                ctx.int32Table(op.output(), "shift", new int[] {m.shift()})};
            perChannel = 0;
        }
        int[] range = Requantization.activationRange(act, y.quant());
        String code = "tfg_fully_connected_s8(" + y.dim(0) + ", " + w.dim(1) + ", " + w.dim(0) + ", "
                + (-x.quant().zeroPoint()) + ", " + y.quant().zeroPoint() + ", " + tables[0] + ", " + tables[1] + ", "
                + perChannel + ", " + range[0] + ", " + range[1] + ",\n"
                + "                       " + ctx.arena(x.name()) + ", " + ctx.int8Array(w) + ", "
                + ctx.int32Array(ctx.tensor(op.input(2))) + ", " + ctx.arena(y.name()) + ");";
        return ctx.call(EmitContext.shape(x) + " -> " + EmitContext.shape(y) + ", " + act, code,
                "tfg_fully_connected_s8");
    }

    /**
     * 16x8: TFLite 2.20 runs its reference int16 FullyConnected (per tensor) or FullyConnectedPerChannel
     * for int64 biases, in the variant that takes the scales and requantizes in double: the accumulator
     * times input scale × weight scale / output scale, each scale widened to double, rounded half away
     * from zero. The generator computes the ratio the same way and passes it as an exact double.
     */
    private KernelCall emit16x8(EmitContext ctx, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor w = ctx.tensor(op.input(1));
        Tensor y = ctx.tensor(op.output());
        Activation act = op.params(Params.class).activation();
        Quant wq = w.quant();
        double[] scales = new double[wq.isPerChannel() ? w.dim(0) : 1];
        for (int c = 0; c < scales.length; c++) {
            scales[c] = (double) x.quant().scale() * (double) wq.scale(c) / (double) y.quant().scale();
        }
        int[] range = Requantization.activationRange(act, y.quant(), y.dtype());
        String code = "tfg_fully_connected_s16(" + y.dim(0) + ", " + w.dim(1) + ", " + w.dim(0) + ", "
                + ctx.doubleTable(op.output(), "scale", scales) + ", " + (wq.isPerChannel() ? 1 : 0) + ", "
                + range[0] + ", " + range[1] + ",\n"
                + "                        " + ctx.typedArena(x.name()) + ", " + ctx.int8Array(w) + ", "
                + ctx.int64Array(ctx.tensor(op.input(2))) + ", " + ctx.typedArena(y.name()) + ");";
        return ctx.call(EmitContext.shape(x) + " -> " + EmitContext.shape(y) + " int16, " + act, code,
                "tfg_fully_connected_s16");
    }

    @Override
    public int maxVersion() {
        return 13;
    }

    /**
     * fully_connected.cc: quantized input and weights, symmetric 16x8 activations, per-channel scales one per
     * output unit, and for per-tensor weights with a bias the kernel_util.cc limit
     * {@code |input_scale * weight_scale - bias_scale| / output_scale <= 0.02}; activation bounds that fit.
     */
    @Override
    public String prepareProblem(Op op, List<Tensor> in, Tensor out) {
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        Tensor b = PrepareChecks.optional(in, 2);
        if (!PrepareChecks.quantized(x)) {
            return PrepareChecks.sameType(x, out);
        }
        String p = PrepareChecks.first(PrepareChecks.sameType(x, out), PrepareChecks.int16ZeroPoint(x, "input"),
                PrepareChecks.int16ZeroPoint(out, "output"), PrepareChecks.convolutionQuantization(x, w, w.dim(0)),
                PrepareChecks.hasQuantization(out, "output"),
                PrepareChecks.activationRange(op.params(Params.class).activation(), out));
        if (p != null || w.quant().isPerChannel() || b == null) {
            return p;
        }
        double product = (double) x.quant().scale() * (double) w.quant().scale();
        // TFLite's params.scale: set for per-tensor quantization only
        double biasScale = b.quant() == null || b.quant().isPerChannel() ? 0 : b.quant().scale();
        double ratio = Math.abs(product - biasScale) / (double) out.quant().scale();
        return ratio <= 0.02 ? null : "bias '" + b.name() + "' scale " + biasScale + " differs from input scale x "
                + "weight scale " + product + " by " + ratio + " output steps, expected at most 0.02";
    }
}
