package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.exec.FloatMath;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import dev.tinyforge.tflite.TfliteOptions;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.ConcatenationOptionsT;
import org.tensorflow.lite.schema.OperatorT;
import dev.tinyforge.tflite.KernelPrepare;
import dev.tinyforge.ir.DType;

/**
 * CONCATENATION along one axis: all inputs agree on every other dimension. Inputs and output share
 * one quantization, so the kernel copies bytes.
 */
public final class Concatenation extends BuiltinOp implements FloatReference, QuantizationRule, CEmission,
        KernelPrepare {
    public static final Concatenation OP = new Concatenation();

    /** The attributes: the axis (negative counts from the end) and a fused activation. */
    public record Params(int axis, Activation activation) implements OpParams.WithActivation {
    }

    private Concatenation() {
        super("CONCATENATION", 2, 2, Params.class, 1, Integer.MAX_VALUE);
    }

    /** The axis as a non-negative index for tensors of the given rank. */
    public static int axis(Params p, int rank) {
        return p.axis() < 0 ? p.axis() + rank : p.axis();
    }

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        int[] out = in.get(0).shape();
        Params p = op.params(Params.class);
        int axis = axis(p, out.length);
        if (axis < 0 || axis >= out.length) {
            throw error(op, "axis " + p.axis() + " is out of range for rank " + out.length);
        }
        for (int i = 1; i < in.size(); i++) {
            int[] s = in.get(i).shape();
            boolean ok = s.length == out.length;
            for (int d = 0; ok && d < s.length; d++) {
                ok = d == axis || s[d] == out[d];
            }
            if (!ok) {
                throw error(op, "input " + i + " " + Arrays.toString(s) + " does not match "
                        + Arrays.toString(in.get(0).shape()) + " outside axis " + axis);
            }
            out[axis] += s[axis];
        }
        return List.of(out);
    }

    @Override
    public BuiltinOptionsUnion writeOptions(Op op) {
        Params p = op.params(Params.class);
        ConcatenationOptionsT o = new ConcatenationOptionsT();
        o.setAxis(p.axis());
        o.setFusedActivationFunction((byte) p.activation().tfliteCode());
        return TfliteOptions.union(BuiltinOptions.ConcatenationOptions, o);
    }

    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        ConcatenationOptionsT o = TfliteOptions.options(op, ConcatenationOptionsT.class);
        return new Params(o.getAxis(), TfliteOptions.activation(o.getFusedActivationFunction()));
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        Params p = op.params(Params.class);
        int[] shape = out.shape();
        int axis = axis(p, shape.length);
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        float[] y = new float[out.elementsInt()];
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < in.size(); i++) {
                int chunk = in.get(i).elementsInt() / outer;
                System.arraycopy(v.get(i), o * chunk, y, pos, chunk);
                pos += chunk;
            }
        }
        if (act) {
            FloatMath.activate(y, p.activation());
        }
        return y;
    }

    @Override
    public QuantRule outputRule() {
        return QuantRule.SHARED_WITH_INPUTS;
    }

    @Override
    public KernelCall emit(EmitContext ctx, int index, Op op) {
        Tensor y = ctx.tensor(op.output());
        Params p = op.params(Params.class);
        if (p.activation() != Activation.NONE) {
            throw EmitContext.refuse(index, op, "a fused activation on CONCATENATION is not supported by the C kernel");
        }
        int axis = axis(p, y.rank());
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= y.dim(d);
        }
        StringBuilder inputs = new StringBuilder();
        int[] chunks = new int[op.inputs().size()];
        for (int i = 0; i < chunks.length; i++) {
            Tensor t = ctx.tensor(op.input(i));
            EmitContext.requireSameQuant(index, op, t.quant(), y.quant());
            chunks[i] = (int) (t.elements() / outer);
            inputs.append(i > 0 ? ", " : "").append(ctx.arena(t.name()));
        }
        String table = ctx.int32Table(op.output(), "chunks", chunks);
        String code = "const int8_t *const inputs[" + chunks.length + "] = {" + inputs + "};\n"
                + "tfg_concat_s8(" + chunks.length + ", inputs, " + table + ", " + outer + ", " + ctx.arena(y.name())
                + ");";
        return ctx.call("axis " + axis + " -> " + EmitContext.shape(y), code, "tfg_concat_s8");
    }

    @Override
    public int maxVersion() {
        return 4;
    }

    /**
     * concatenation.cc: the int8 kernel does not rescale, so every input has the output's scale and zero
     * point; int16 inputs and output have zero point 0 (scales may differ).
     */
    @Override
    public String prepareProblem(Op op, List<Tensor> in, Tensor out) {
        for (int i = 0; i < in.size(); i++) {
            Tensor t = in.get(i);
            String p = PrepareChecks.first(PrepareChecks.sameType(t, out), PrepareChecks.hasQuantization(t, "input"),
                    PrepareChecks.int16ZeroPoint(t, "input"));
            if (p != null) {
                return p;
            }
            if (out.dtype() == DType.INT8 && (out.quant() == null || t.quant().scale() != out.quant().scale()
                    || t.quant().zeroPoint() != out.quant().zeroPoint())) {
                return "input " + i + " '" + t.name() + "' has " + t.quant() + ", expected the output's "
                        + out.quant() + " (TFLite's int8 CONCATENATION does not rescale)";
            }
        }
        return PrepareChecks.int16ZeroPoint(out, "output");
    }
}
