package dev.tinyforge.tflite;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.OperatorT;

/**
 * Translates one op family's attributes between {@link OpParams} and TFLite's builtin options (and,
 * for some ops, a constant int32 attribute tensor).
 */
interface OptionsCodec {

    /** The builtin options to write, or {@code null} for ops TFLite's converter writes without options. */
    BuiltinOptionsUnion write(Op op);

    /** The attribute tensor to write as the op's second input, or {@code null}. */
    default AttributeTensor attribute(Op op) {
        return null;
    }

    /**
     * Reads the attributes back.
     *
     * @param attribute values of the attribute tensor ({@code null} when the op has none)
     * @param inputShape shape of the op's first input (RESHAPE resolves a -1 with it)
     * @throws IllegalArgumentException with the reason when the options are ones the IR cannot represent
     */
    OpParams read(OperatorT op, int[] attribute, int[] inputShape);
}
