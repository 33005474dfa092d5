package dev.tinyforge.tflite;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.OperatorT;

/**
 * The {@code .tflite} facet of an op: its {@code tflite::BuiltinOperator} code, the operator version
 * written for int8 models, and the translation of its attributes to and from TFLite's builtin
 * options (and, for some ops, a constant int32 attribute tensor). {@link TfliteWriter} and
 * {@link TfliteReader} find it on the op's class.
 */
public interface TfliteCodec {

    /** The {@code tflite::BuiltinOperator} value. */
    int builtinCode();

    /** The operator-code version written for int8 models (float models get version 1). */
    int int8Version();

    /**
     * The operator-code version written when the op's tensors are int16 (TFLite's 16x8 mode), as TFLite's
     * converter numbers it; the int8 version for ops without a separate int16 version.
     */
    default int int16Version() {
        return int8Version();
    }

    /**
     * The newest operator version TFLite 2.20's built-in op resolver registers for the op (it registers every
     * version from 1 up to this one). The interpreter refuses a file whose operator code names another version
     * ("Didn't find op for builtin opcode"), so the reader refuses it too; {@code TfliteOpVersionTest} asks
     * TFLite's resolver for each op's versions.
     */
    int maxVersion();

    /** The builtin options to write, or {@code null} for ops TFLite's converter writes without options. */
    BuiltinOptionsUnion writeOptions(Op op);

    /** The attribute tensor to write as the op's second input, or {@code null}. */
    default AttributeTensor attribute(Op op) {
        return null;
    }

    /** Whether inputs after the first are attribute tensors (read into the params, not graph inputs). */
    default boolean hasAttributeTensor() {
        return false;
    }

    /**
     * Reads the attributes back.
     *
     * @param attribute values of the attribute tensor ({@code null} when the op has none)
     * @param inputShape shape of the op's first input (RESHAPE resolves a -1 with it)
     * @throws IllegalArgumentException with the reason when the options are ones the IR cannot represent
     */
    OpParams readOptions(OperatorT op, int[] attribute, int[] inputShape);
}
