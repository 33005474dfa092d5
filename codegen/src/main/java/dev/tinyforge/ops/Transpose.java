package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.exec.FloatMath;
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
import org.tensorflow.lite.schema.TransposeOptionsT;

/** TRANSPOSE by a permutation of the dimensions (PyTorch exports' NCHW to NHWC, and back). */
public final class Transpose extends BuiltinOp implements FloatReference, QuantizationRule, CEmission {
    public static final Transpose OP = new Transpose();

    /** The attributes: output dimension {@code i} is input dimension {@code perm[i]}. */
    public record Params(int[] perm) implements OpParams {
        @Override
        public boolean equals(Object o) {
            return o instanceof Params t && Arrays.equals(perm, t.perm);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(perm);
        }

        @Override
        public String toString() {
            return "Transpose" + Arrays.toString(perm);
        }
    }

    private Transpose() {
        super("TRANSPOSE", 39, 2, Params.class, 1, 1);
    }

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        int[] s = in.get(0).shape();
        int[] perm = op.params(Params.class).perm();
        boolean[] seen = new boolean[s.length];
        boolean ok = perm.length == s.length;
        for (int i = 0; ok && i < perm.length; i++) {
            ok = perm[i] >= 0 && perm[i] < s.length && !seen[perm[i]];
            if (ok) {
                seen[perm[i]] = true;
            }
        }
        if (!ok) {
            throw error(op, "perm " + Arrays.toString(perm) + " is not a permutation of " + s.length + " dimensions");
        }
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[perm[i]];
        }
        return List.of(out);
    }

    @Override
    public BuiltinOptionsUnion writeOptions(Op op) {
        return TfliteOptions.union(BuiltinOptions.TransposeOptions, new TransposeOptionsT());
    }

    @Override
    public boolean hasAttributeTensor() {
        return true;
    }

    @Override
    public AttributeTensor attribute(Op op) {
        int[] perm = op.params(Params.class).perm();
        return new AttributeTensor("perm", new int[] {perm.length}, perm);
    }

    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        return new Params(TfliteOptions.required(attribute, "perm"));
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        int[] perm = op.params(Params.class).perm();
        int[] inStrides = FloatMath.strides(in.get(0).shape());
        int[] outShape = out.shape();
        float[] xs = v.get(0);
        float[] y = new float[xs.length];
        int[] idx = new int[outShape.length];
        for (int i = 0; i < y.length; i++) {
            int src = 0;
            for (int d = 0; d < outShape.length; d++) {
                src += idx[d] * inStrides[perm[d]];
            }
            y[i] = xs[src];
            FloatMath.next(idx, outShape);
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
        int[] perm = op.params(Params.class).perm();
        if (perm.length > 4) {
            throw EmitContext.refuse(index, op, "the C kernel transposes tensors of rank up to 4");
        }
        // pad to rank 4 with leading size-1 dimensions that stay in front
        int lead = 4 - perm.length;
        int[] perm4 = new int[4];
        for (int d = 0; d < 4; d++) {
            perm4[d] = d < lead ? d : perm[d - lead] + lead;
        }
        String table = ctx.int32Table(op.output(), "perm", perm4);
        return ctx.call(EmitContext.shape(x) + " -> " + EmitContext.shape(y) + ", perm "
                + Arrays.toString(perm).replace(" ", ""), "tfg_transpose_s8(" + EmitContext.dims(x.shape()) + ", "
                + ctx.arena(x.name()) + ", " + table + ", " + ctx.arena(y.name()) + ");", "tfg_transpose_s8");
    }

    @Override
    public int maxVersion() {
        return 7;
    }
}
