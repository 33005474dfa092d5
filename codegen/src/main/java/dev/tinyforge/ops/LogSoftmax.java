package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import dev.tinyforge.tflite.TfliteOptions;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.LogSoftmaxOptionsT;
import org.tensorflow.lite.schema.OperatorT;
import dev.tinyforge.tflite.KernelPrepare;
import dev.tinyforge.ir.DType;

/**
 * LOG_SOFTMAX over the last axis ({@code x - max - log(sum(exp(x - max)))}), the last layer of
 * classifiers trained with a negative log-likelihood loss (TinyEngine's MNIST LeNet-300-100). int8 as
 * TFLite's built-in kernel computes it: a float sum of {@code exp(input_scale * (x - max))} from a
 * 256-entry table, the float log of that sum, rounded to the output scale 16/256 with zero point 127
 * (the only output quantization TFLite accepts, forced after calibration).
 */
public final class LogSoftmax extends UnaryOp implements FloatReference, QuantizationRule, CEmission,
        KernelPrepare {
    public static final LogSoftmax OP = new LogSoftmax();

    /** The output quantization TFLite's int8 LOG_SOFTMAX requires: [-15.94, 0] in steps of 1/16. */
    public static final Quant OUTPUT = Quant.perTensor(16f / 256, 127);

    private LogSoftmax() {
        super("LOG_SOFTMAX", 50, 2);
    }

    /** An empty LogSoftmaxOptions table, as TFLite's converter writes it. */
    @Override
    public BuiltinOptionsUnion writeOptions(Op op) {
        return TfliteOptions.union(BuiltinOptions.LogSoftmaxOptions, new LogSoftmaxOptionsT());
    }

    /** No attributes; options of another type are an error. */
    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        TfliteOptions.options(op, LogSoftmaxOptionsT.class);
        return new OpParams.None();
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        float[] xs = v.get(0);
        int depth = out.dim(-1);
        float[] y = new float[xs.length];
        for (int base = 0; base < xs.length; base += depth) {
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < depth; i++) {
                max = Math.max(max, xs[base + i]);
            }
            double sum = 0;
            for (int i = 0; i < depth; i++) {
                sum += Math.exp((double) xs[base + i] - max);
            }
            double logSum = Math.log(sum);
            for (int i = 0; i < depth; i++) {
                y[base + i] = (float) ((double) xs[base + i] - max - logSum);
            }
        }
        return y;
    }

    /** Calibrated like any tensor (so it can be grouped), then replaced by {@link #OUTPUT}. */
    @Override
    public QuantRule outputRule() {
        return QuantRule.CALIBRATED;
    }

    @Override
    public boolean supports16x8() {
        return false; // TFLite 2.20 has no int16 LOG_SOFTMAX kernel
    }

    @Override
    public Quant adjustOutput(Quant input, Quant output) {
        return OUTPUT;
    }

    @Override
    public KernelCall emit(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        if (y.quant().scale() != OUTPUT.scale() || y.quant().zeroPoint() != OUTPUT.zeroPoint()) {
            throw EmitContext.refuse(index, op, "output quantization " + y.quant() + ": TFLite's int8 LOG_SOFTMAX"
                    + " needs scale 16/256 and zero point 127 and refuses any other; requantize the model");
        }
        float inputScale = x.quant().scale();
        String table = ctx.floatTable(op.output(), "exp", expTable(inputScale));
        int depth = y.dim(-1);
        String code = "tfg_log_softmax_s8(" + table + ", " + (y.elements() / depth) + ", " + depth + ", "
                + EmitContext.floatLiteral(inputScale) + ", " + ctx.arena(x.name()) + ", " + ctx.arena(y.name())
                + ");";
        return ctx.call(EmitContext.shape(x) + ", x - max - log(sum(exp(x - max)))", code, "tfg_log_softmax_s8");
    }

    /**
     * TFLite's table (its PopulateSoftmaxLookupTable with beta 1), as float bits:
     * {@code table[255 - d] = expf(-input_scale * d)}, with expf computed as the reference's libm does.
     */
    static int[] expTable(float inputScale) {
        float scale = -inputScale;
        int[] bits = new int[256];
        for (int d = 0; d <= 255; d++) {
            bits[255 - d] = Float.floatToIntBits(GlibcMath.expf(scale * d));
        }
        return bits;
    }

    @Override
    public int maxVersion() {
        return 2;
    }

    /** activations.cc LogSoftmaxPrepare: an int8 output has scale 16/256 and zero point 127, exactly. */
    @Override
    public String prepareProblem(Op op, List<Tensor> in, Tensor out) {
        Tensor x = in.get(0);
        String p = PrepareChecks.first(PrepareChecks.sameType(x, out), PrepareChecks.hasQuantization(x, "input"));
        if (p != null || x.dtype() != DType.INT8) {
            return p;
        }
        return PrepareChecks.fixedOutput(out, OUTPUT.scale(), OUTPUT.zeroPoint(), "16/256");
    }
}
