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
import dev.tinyforge.tflite.KernelPrepare;
import java.util.List;

/**
 * ADD with broadcasting. The int8 kernel follows TFLite's: both inputs rescaled to twice the larger
 * input scale with a left shift of 20, summed, then requantized to the output. In 16x8 mode the same
 * with a left shift of 15 (TFLite's general-scale int16 Add).
 */
public final class Add extends BroadcastOp implements CEmission, KernelPrepare {
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

    @Override
    public int maxVersion() {
        return 5;
    }

    /**
     * add.cc: quantized inputs and output; on the general rescaling path (int8, and int16 unless every scale is
     * a power of two with zero points 0) the output factor {@code 2 max(s1, s2) / (2^shift s_out)} must be
     * below 1, or TFLite aborts the process (TFLITE_CHECK in QuantizeMultiplierSmallerThanOneExp); activation
     * bounds that fit.
     */
    @Override
    public String prepareProblem(Op op, List<Tensor> in, Tensor out) {
        Tensor a = in.get(0);
        Tensor b = in.get(1);
        String p = PrepareChecks.first(PrepareChecks.sameType(a, out), PrepareChecks.sameType(b, out));
        if (p != null || !PrepareChecks.quantized(a)) {
            return p;
        }
        p = PrepareChecks.first(PrepareChecks.hasQuantization(a, "input"), PrepareChecks.hasQuantization(b, "input"),
                PrepareChecks.hasQuantization(out, "output"),
                PrepareChecks.activationRange(op.params(Params.class).activation(), out));
        if (p != null) {
            return p;
        }
        boolean wide = out.dtype() == DType.INT16;
        if (wide && Requantization.checkedLog2(a.quant().scale()) != null
                && Requantization.checkedLog2(b.quant().scale()) != null
                && Requantization.checkedLog2(out.quant().scale()) != null && a.quant().zeroPoint() == 0
                && b.quant().zeroPoint() == 0 && out.quant().zeroPoint() == 0) {
            return null; // TFLite's power-of-two int16 path, which the emitter refuses with its own message
        }
        float twiceMaxFloat = Math.max(a.quant().scale(), b.quant().scale());
        double twiceMax = 2 * (double) twiceMaxFloat;
        float shifted = (1 << (wide ? 15 : 20)) * out.quant().scale();
        double factor = twiceMax / shifted;
        return PrepareChecks.smallerThanOne(factor) ? null : "output '" + out.name() + "' scale "
                + out.quant().scale() + " is too small for the inputs' scales " + a.quant().scale() + " and "
                + b.quant().scale() + ": the output rescaling factor " + factor + " must be below 1";
    }
}
