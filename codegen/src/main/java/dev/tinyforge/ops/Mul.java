package dev.tinyforge.ops;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.cgen.Requantization;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.tflite.TfliteOptions;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.MulOptionsT;
import org.tensorflow.lite.schema.OperatorT;
import dev.tinyforge.tflite.KernelPrepare;
import java.util.List;

/**
 * MUL with broadcasting (squeeze-and-excitation gates): one requantization by in1·in2/out scales, for
 * int8 and for int16 (16x8 mode, TFLite's reference int16 Mul).
 */
public final class Mul extends BroadcastOp implements CEmission, KernelPrepare {
    public static final Mul OP = new Mul();

    private Mul() {
        super("MUL", 18);
    }

    @Override
    float apply(float a, float b) {
        return a * b;
    }

    @Override
    public BuiltinOptionsUnion writeOptions(Op op) {
        MulOptionsT o = new MulOptionsT();
        o.setFusedActivationFunction((byte) op.params(Params.class).activation().tfliteCode());
        return TfliteOptions.union(BuiltinOptions.MulOptions, o);
    }

    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        MulOptionsT o = TfliteOptions.options(op, MulOptionsT.class);
        return new Params(TfliteOptions.activation(o.getFusedActivationFunction()));
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
        Tensor a = ctx.tensor(op.input(0));
        Tensor b = ctx.tensor(op.input(1));
        Tensor y = ctx.tensor(op.output());
        if (a.rank() > 4 || b.rank() > 4 || y.rank() > 4) {
            throw EmitContext.refuse(index, op, "the C kernel broadcasts tensors of rank up to 4");
        }
        float real = a.quant().scale() * b.quant().scale() / y.quant().scale();
        Requantization.Multiplier m = Requantization.quantize(real);
        int[] range = Requantization.activationRange(op.params(Params.class).activation(), y.quant(), y.dtype());
        String kernel = y.dtype() == DType.INT16 ? "tfg_mul_s16" : "tfg_mul_s8";
        String code = "static const tfg_mul_params params = {" + (-a.quant().zeroPoint()) + ", "
                + (-b.quant().zeroPoint()) + ", " + y.quant().zeroPoint() + ", " + m.multiplier() + ", " + m.shift()
                + ", " + range[0] + ", " + range[1] + "};\n"
                + kernel + "(&params, " + EmitContext.dims(a.shape()) + ", " + ctx.typedArena(a.name()) + ", "
                + EmitContext.dims(b.shape()) + ", " + ctx.typedArena(b.name()) + ",\n"
                + "           " + EmitContext.dims(y.shape()) + ", " + ctx.typedArena(y.name()) + ");";
        return ctx.call(EmitContext.shape(a) + " * " + EmitContext.shape(b) + " -> " + EmitContext.shape(y)
                + (y.dtype() == DType.INT16 ? " int16" : ""), code, kernel);
    }

    @Override
    public int maxVersion() {
        return 7;
    }

    /** mul.cc: inputs and output of one type, quantized ones with a scale, activation bounds that fit. */
    @Override
    public String prepareProblem(Op op, List<Tensor> in, Tensor out) {
        Tensor a = in.get(0);
        Tensor b = in.get(1);
        return PrepareChecks.first(PrepareChecks.sameType(a, out), PrepareChecks.sameType(b, out),
                PrepareChecks.hasQuantization(a, "input"), PrepareChecks.hasQuantization(b, "input"),
                PrepareChecks.hasQuantization(out, "output"),
                PrepareChecks.activationRange(op.params(Params.class).activation(), out));
    }
}
