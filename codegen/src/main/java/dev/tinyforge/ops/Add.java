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
import org.tensorflow.lite.schema.AddOptionsT;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.OperatorT;

/**
 * ADD with broadcasting. The int8 kernel follows TFLite's: both inputs rescaled to twice the larger
 * input scale with a left shift of 20, summed, then requantized to the output. In 16x8 mode the same
 * with a left shift of 15 (TFLite's general-scale int16 Add).
 */
public final class Add extends BroadcastOp implements CEmission {
    public static final Add OP = new Add();

    private Add() {
        super("ADD", 0);
    }

    @Override
    float apply(float a, float b) {
        return a + b;
    }

    @Override
    public BuiltinOptionsUnion writeOptions(Op op) {
        AddOptionsT o = new AddOptionsT();
        o.setFusedActivationFunction((byte) op.params(Params.class).activation().tfliteCode());
        return TfliteOptions.union(BuiltinOptions.AddOptions, o);
    }

    @Override
    public OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape) {
        AddOptionsT o = TfliteOptions.options(op, AddOptionsT.class);
        return new Params(TfliteOptions.activation(o.getFusedActivationFunction()));
    }

    @Override
    public int int16Version() {
        return 3;
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
        float s1 = a.quant().scale();
        float s2 = b.quant().scale();
        boolean wide = y.dtype() == DType.INT16;
        if (wide && Requantization.checkedLog2(s1) != null && Requantization.checkedLog2(s2) != null
                && Requantization.checkedLog2(y.quant().scale()) != null) {
            throw EmitContext.refuse(index, op, "int16 inputs and output whose scales are all powers of two: TFLite "
                    + "then takes its power-of-two int16 ADD (the pot_scale_int16 option, true unless written false), "
                    + "which the C kernels do not implement");
        }
        double twiceMax = 2.0 * Math.max(s1, s2);
        int leftShift = wide ? 15 : 20;
        Requantization.Multiplier m1 = Requantization.quantize(s1 / twiceMax);
        Requantization.Multiplier m2 = Requantization.quantize(s2 / twiceMax);
        Requantization.Multiplier mo = Requantization.quantize(twiceMax / ((1 << leftShift) * (double) y.quant().scale()));
        int[] range = Requantization.activationRange(op.params(Params.class).activation(), y.quant(), y.dtype());
        String kernel = wide ? "tfg_add_s16" : "tfg_add_s8";
        String code = "static const tfg_add_params params = {" + (-a.quant().zeroPoint()) + ", "
                + (-b.quant().zeroPoint()) + ", " + y.quant().zeroPoint() + ", " + leftShift + ",\n"
                + "    " + m1.multiplier() + ", " + m1.shift() + ", " + m2.multiplier() + ", " + m2.shift() + ", "
                + mo.multiplier() + ", " + mo.shift() + ", " + range[0] + ", " + range[1] + "};\n"
                + kernel + "(&params, " + EmitContext.dims(a.shape()) + ", " + ctx.typedArena(a.name()) + ", "
                + EmitContext.dims(b.shape()) + ", " + ctx.typedArena(b.name()) + ",\n"
                + "           " + EmitContext.dims(y.shape()) + ", " + ctx.typedArena(y.name()) + ");";
        return ctx.call(EmitContext.shape(a) + " + " + EmitContext.shape(b) + " -> " + EmitContext.shape(y)
                + (wide ? " int16" : ""), code, kernel);
    }
}
