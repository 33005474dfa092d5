package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.InPlace;
import dev.tinyforge.plan.MemoryRule;
import dev.tinyforge.quant.QuantRule;
import dev.tinyforge.quant.QuantizationRule;
import dev.tinyforge.target.Target;
import dev.tinyforge.tflite.AttributeTensor;
import dev.tinyforge.tflite.TfliteOptions;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.ReshapeOptionsT;

/**
 * RESHAPE to a fully specified shape with the same number of elements. Planned as an alias: the
 * output is the input's bytes, so in place it costs nothing at all.
 */
public final class Reshape extends BuiltinOp implements FloatReference, QuantizationRule, CEmission,
        MemoryRule {
    public static final Reshape OP = new Reshape();

    /** The attributes: the new shape (fully specified, no -1). */
    public record Params(int[] shape) implements OpParams {
        @Override
        public boolean equals(Object o) {
            return o instanceof Params r && Arrays.equals(shape, r.shape);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return "Reshape" + Arrays.toString(shape);
        }
    }

    private Reshape() {
        super("RESHAPE", 22, 1, Params.class, 1, 1);
    }

    @Override
    public List<int[]> inferShapes(Op op, List<Tensor> in) {
        int[] shape = op.params(Params.class).shape();
        if (shape.length == 0 || Tensor.elements(shape) != in.get(0).elements()
                || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
            throw error(op, "cannot reshape " + Arrays.toString(in.get(0).shape()) + " to " + Arrays.toString(shape));
        }
        return List.of(shape.clone());
    }

    @Override
    public BuiltinOptionsUnion writeOptions(Op op) {
        ReshapeOptionsT o = new ReshapeOptionsT();
        o.setNewShape(op.params(Params.class).shape());
        return TfliteOptions.union(BuiltinOptions.ReshapeOptions, o);
    }

    @Override
    public boolean hasAttributeTensor() {
        return true;
    }

    @Override
    public AttributeTensor attribute(Op op) {
        int[] shape = op.params(Params.class).shape();
        return new AttributeTensor("shape", new int[] {shape.length}, shape);
    }

    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        int[] shape = attribute;
        if (shape == null) {
            shape = TfliteOptions.options(op, ReshapeOptionsT.class).getNewShape();
        }
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("RESHAPE has neither a shape tensor nor new_shape options");
        }
        return new Params(resolveWildcard(shape, inputShape));
    }

    /** The shape with its one -1 replaced by what the input's element count leaves for it. */
    private static int[] resolveWildcard(int[] shape, int[] inputShape) {
        long known = 1;
        int wildcard = -1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1 && wildcard < 0) {
                wildcard = i;
            } else {
                known *= shape[i];
            }
        }
        if (wildcard < 0) {
            return shape.clone();
        }
        long total = 1;
        for (int d : inputShape) {
            total *= d;
        }
        int[] out = shape.clone();
        out[wildcard] = known == 0 ? 0 : (int) (total / known);
        return out;
    }

    @Override
    public float[] compute(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        return v.get(0).clone();
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
        String what = EmitContext.shape(x) + " -> " + EmitContext.shape(y);
        if (ctx.inPlace(index)) {
            return ctx.call(what + ", in place", "/* nothing to do: same bytes */");
        }
        return ctx.call(what, "tfg_copy_s8(" + ctx.arena(x.name()) + ", " + x.sizeBytes() + ", " + ctx.arena(y.name())
                + ");", "tfg_copy_s8");
    }

    /** RESHAPE copies bytes: int16 tensors (16x8 mode) as well. */
    @Override
    public boolean emits16x8() {
        return true;
    }

    @Override
    public InPlace inPlace(Graph g, Op op, Target target) {
        return InPlace.sameBytes(g, op, 0, true) ? InPlace.over(0) : InPlace.NONE;
    }

    @Override
    public int maxVersion() {
        return 1;
    }
}
