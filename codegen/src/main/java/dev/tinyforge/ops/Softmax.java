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
import dev.tinyforge.tflite.TfliteOptions;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;

/**
 * SOFTMAX over the last axis. int8 as TFLite computes it: a 256-entry float table of
 * {@code exp(-scale·beta·v)}, output scale 1/256 and zero point -128.
 */
public final class Softmax extends UnaryOp implements FloatReference, QuantizationRule, CEmission {
    public static final Softmax OP = new Softmax();

    /** The attributes: the inverse temperature. */
    public record Params(float beta) implements OpParams {
    }

    private Softmax() {
        super("SOFTMAX", 25, 2, Params.class);
    }

    @Override
    public BuiltinOptionsUnion writeOptions(Op op) {
        SoftmaxOptionsT o = new SoftmaxOptionsT();
        o.setBeta(op.params(Params.class).beta());
        return TfliteOptions.union(BuiltinOptions.SoftmaxOptions, o);
    }

    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        return new Params(TfliteOptions.options(op, SoftmaxOptionsT.class).getBeta());
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        float beta = op.params(Params.class).beta();
        float[] xs = v.get(0);
        int depth = out.dim(-1);
        float[] y = new float[xs.length];
        for (int r = 0; r < xs.length / depth; r++) {
            int base = r * depth;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < depth; i++) {
                max = Math.max(max, xs[base + i]);
            }
            float sum = 0;
            for (int i = 0; i < depth; i++) {
                y[base + i] = (float) Math.exp((xs[base + i] - max) * beta);
                sum += y[base + i];
            }
            for (int i = 0; i < depth; i++) {
                y[base + i] /= sum;
            }
        }
        return y;
    }

    @Override
    public QuantRule outputRule() {
        return QuantRule.FIXED_UNIT_INTERVAL;
    }

    @Override
    public KernelCall emit(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        float beta = op.params(Params.class).beta();
        float scale = -x.quant().scale() * beta;
        int[] bits = new int[256];
        for (int v = 0; v <= 255; v++) {
            bits[255 - v] = Float.floatToIntBits(GlibcMath.expf(scale * v));
        }
        String table = ctx.floatTable(op.output(), "exp", bits);
        int depth = y.dim(-1);
        String code = "tfg_softmax_s8(" + table + ", " + (y.elements() / depth) + ", " + depth + ", "
                + EmitContext.floatLiteral(y.quant().scale()) + ", " + y.quant().zeroPoint() + ", "
                + ctx.arena(x.name()) + ", " + ctx.arena(y.name()) + ");";
        return ctx.call(EmitContext.shape(x) + ", beta " + beta, code, "tfg_softmax_s8");
    }
}
