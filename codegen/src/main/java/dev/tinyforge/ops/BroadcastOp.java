package dev.tinyforge.ops;

import dev.tinyforge.exec.FloatMath;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.ElementwiseOp;
import dev.tinyforge.plan.InPlace;
import dev.tinyforge.plan.MemoryRule;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import dev.tinyforge.target.Target;
import java.util.Arrays;
import java.util.List;

/**
 * What ADD and MUL share: two inputs with NumPy broadcasting (residuals, squeeze-and-excitation
 * gates), a fused activation, a calibrated output, and in place over whichever input already has the
 * output's shape (the other may broadcast).
 */
public abstract class BroadcastOp extends BuiltinOp implements FloatReference, QuantizationRule, MemoryRule, ElementwiseOp {

    /** The attributes of ADD and MUL: the fused activation. */
    public record Params(Activation activation) implements OpParams.WithActivation {
    }

    BroadcastOp(String name, int builtinCode) {
        super(name, builtinCode, 2, Params.class, 2, 2);
    }

    /** The element-wise float operation. */
    abstract float apply(float a, float b);

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        int[] a = in.get(0).shape();
        int[] b = in.get(1).shape();
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw error(op, "shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            out[i] = Math.max(da, db);
        }
        return List.of(out);
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        float[] xa = v.get(0);
        float[] xb = v.get(1);
        float[] y = new float[out.elementsInt()];
        if (xa.length == y.length && xb.length == y.length) {
            for (int i = 0; i < y.length; i++) {
                y[i] = apply(xa[i], xb[i]);
            }
        } else {
            int[] shape = out.shape();
            int[] sa = FloatMath.broadcastStrides(in.get(0).shape(), shape);
            int[] sb = FloatMath.broadcastStrides(in.get(1).shape(), shape);
            int[] idx = new int[shape.length];
            for (int i = 0; i < y.length; i++) {
                int ia = 0;
                int ib = 0;
                for (int d = 0; d < shape.length; d++) {
                    ia += idx[d] * sa[d];
                    ib += idx[d] * sb[d];
                }
                y[i] = apply(xa[ia], xb[ib]);
                FloatMath.next(idx, shape);
            }
        }
        FloatMath.activate(y, act ? op.params(Params.class).activation() : Activation.NONE);
        return y;
    }

    @Override
    public QuantRule outputRule() {
        return QuantRule.CALIBRATED;
    }

    @Override
    public InPlace inPlace(Graph g, Op op, Target target) {
        return InPlace.sameBytes(g, op, 0, false) ? InPlace.over(0)
                : InPlace.sameBytes(g, op, 1, false) ? InPlace.over(1) : InPlace.NONE;
    }
}
