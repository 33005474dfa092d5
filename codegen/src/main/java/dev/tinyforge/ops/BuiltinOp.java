package dev.tinyforge.ops;

import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.tflite.TfliteCodec;

/**
 * What every op declares the same way: TFLite's builtin name, code and int8 operator version, its
 * attribute record and its arity. An op class passes them to this constructor and writes only what is
 * its own (shape rule, options, float reference, quantization, C).
 */
public abstract class BuiltinOp extends OpType implements TfliteCodec {
    private final int builtinCode;
    private final int int8Version;
    private final Class<? extends OpParams> paramsType;
    private final int minInputs;
    private final int maxInputs;

    /**
     * @param name TFLite's builtin name, e.g. {@code CONV_2D}
     * @param builtinCode the {@code tflite::BuiltinOperator} value
     * @param int8Version the operator version written for int8 models
     * @param maxInputs the most inputs ({@code Integer.MAX_VALUE} for variadic ops)
     */
    BuiltinOp(String name, int builtinCode, int int8Version, Class<? extends OpParams> paramsType, int minInputs,
            int maxInputs) {
        super(name);
        this.builtinCode = builtinCode;
        this.int8Version = int8Version;
        this.paramsType = paramsType;
        this.minInputs = minInputs;
        this.maxInputs = maxInputs;
    }

    @Override
    public final int builtinCode() {
        return builtinCode;
    }

    @Override
    public final int int8Version() {
        return int8Version;
    }

    @Override
    public final Class<? extends OpParams> paramsType() {
        return paramsType;
    }

    @Override
    public final int minInputs() {
        return minInputs;
    }

    @Override
    public final int maxInputs() {
        return maxInputs;
    }
}
