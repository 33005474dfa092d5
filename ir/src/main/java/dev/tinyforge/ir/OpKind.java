package dev.tinyforge.ir;

import dev.tinyforge.ir.ops.ConcatenationDef;
import dev.tinyforge.ir.ops.Conv2dDef;
import dev.tinyforge.ir.ops.DepthwiseConv2dDef;
import dev.tinyforge.ir.ops.ElementwiseDef;
import dev.tinyforge.ir.ops.FullyConnectedDef;
import dev.tinyforge.ir.ops.MeanDef;
import dev.tinyforge.ir.ops.PadDef;
import dev.tinyforge.ir.ops.Pool2dDef;
import dev.tinyforge.ir.ops.ReshapeDef;
import dev.tinyforge.ir.ops.ResizeNearestDef;
import dev.tinyforge.ir.ops.SameShapeDef;
import dev.tinyforge.ir.ops.TransposeDef;

/**
 * The ops TinyForge understands: one line each, with the TFLite builtin code, the builtin version
 * written for int8 models, the {@link OpDef} that infers shapes and counts MACs, and the rule that
 * picks the int8 quantization of its output. Adding an op starts here; the full list of places is in
 * CONTRIBUTING.md.
 */
public enum OpKind {
    ADD(0, 2, new ElementwiseDef(), QuantRule.CALIBRATED),
    AVERAGE_POOL_2D(1, 2, new Pool2dDef(), QuantRule.SAME_AS_INPUT),
    CONCATENATION(2, 2, new ConcatenationDef(), QuantRule.SHARED_WITH_INPUTS),
    CONV_2D(3, 3, new Conv2dDef(), QuantRule.CALIBRATED),
    DEPTHWISE_CONV_2D(4, 3, new DepthwiseConv2dDef(), QuantRule.CALIBRATED),
    DEQUANTIZE(6, 2, new SameShapeDef(), QuantRule.FLOAT_OUTPUT),
    FULLY_CONNECTED(9, 4, new FullyConnectedDef(), QuantRule.CALIBRATED),
    LOGISTIC(14, 2, new SameShapeDef(), QuantRule.FIXED_UNIT_INTERVAL),
    MAX_POOL_2D(17, 2, new Pool2dDef(), QuantRule.SAME_AS_INPUT),
    MUL(18, 2, new ElementwiseDef(), QuantRule.CALIBRATED),
    RELU(19, 2, new SameShapeDef(), QuantRule.CALIBRATED),
    RELU6(21, 2, new SameShapeDef(), QuantRule.CALIBRATED),
    RESHAPE(22, 1, new ReshapeDef(), QuantRule.SAME_AS_INPUT),
    SOFTMAX(25, 2, new SameShapeDef(OpParams.Softmax.class), QuantRule.FIXED_UNIT_INTERVAL),
    PAD(34, 2, new PadDef(), QuantRule.SAME_AS_INPUT),
    TRANSPOSE(39, 2, new TransposeDef(), QuantRule.SAME_AS_INPUT),
    MEAN(40, 2, new MeanDef(), QuantRule.CALIBRATED),
    RESIZE_NEAREST_NEIGHBOR(97, 2, new ResizeNearestDef(), QuantRule.SAME_AS_INPUT),
    QUANTIZE(114, 1, new SameShapeDef(), QuantRule.CALIBRATED),
    HARD_SWISH(117, 1, new SameShapeDef(), QuantRule.CALIBRATED);

    private final int builtinCode;
    private final int int8Version;
    private final OpDef def;
    private final QuantRule quantRule;

    OpKind(int builtinCode, int int8Version, OpDef def, QuantRule quantRule) {
        this.builtinCode = builtinCode;
        this.int8Version = int8Version;
        this.def = def;
        this.quantRule = quantRule;
    }

    /** The {@code tflite::BuiltinOperator} value. */
    public int builtinCode() {
        return builtinCode;
    }

    /** The operator-code version written for this op: 1 for float models, the int8 version otherwise. */
    public int version(boolean int8) {
        return int8 ? int8Version : 1;
    }

    public OpDef def() {
        return def;
    }

    public QuantRule quantRule() {
        return quantRule;
    }

    /** The kind with the given builtin code, or {@code null} when the IR does not have it. */
    public static OpKind fromBuiltin(int code) {
        for (OpKind k : values()) {
            if (k.builtinCode == code) {
                return k;
            }
        }
        return null;
    }

    /** The names of all supported ops, for error messages. */
    public static String supportedList() {
        StringBuilder sb = new StringBuilder();
        for (OpKind k : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(k.name());
        }
        return sb.toString();
    }
}
