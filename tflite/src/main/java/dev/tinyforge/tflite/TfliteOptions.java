package dev.tinyforge.tflite;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.Padding;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.OperatorT;

/** What the ops' {@link TfliteCodec}s share: building the options union and checking what they read. */
public final class TfliteOptions {
    private TfliteOptions() {
    }

    /** The options union of a builtin options table. */
    public static BuiltinOptionsUnion union(byte type, Object value) {
        BuiltinOptionsUnion u = new BuiltinOptionsUnion();
        u.setType(type);
        u.setValue(value);
        return u;
    }

    /** The op's options of the expected type; defaults when absent (as TFLite then uses). */
    public static <T> T options(OperatorT op, Class<T> type) {
        BuiltinOptionsUnion u = op.getBuiltinOptions();
        if (u == null || u.getValue() == null) {
            try {
                return type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!type.isInstance(u.getValue())) {
            throw new IllegalArgumentException("options are " + BuiltinOptions.name(u.getType()) + ", expected "
                    + type.getSimpleName().replaceAll("T$", ""));
        }
        return type.cast(u.getValue());
    }

    /** SAME or VALID, else an error naming the code. */
    public static Padding padding(byte code) {
        Padding p = Padding.fromTflite(code);
        if (p == null) {
            throw new IllegalArgumentException("padding " + code + " is not SAME or VALID");
        }
        return p;
    }

    /** A fused activation the IR has, else an error naming it. */
    public static Activation activation(byte code) {
        Activation a = Activation.fromTflite(code);
        if (a == null) {
            String name;
            try {
                name = ActivationFunctionType.name(code);
            } catch (RuntimeException e) {
                name = "code " + code;
            }
            throw new IllegalArgumentException("fused activation " + name
                    + " is not supported (NONE, RELU and RELU6 are)");
        }
        return a;
    }

    /** A dilation factor: 0 (absent in old files) means 1. */
    public static int positive(int dilation) {
        return dilation <= 0 ? 1 : dilation;
    }

    /** The attribute tensor's values, or an error when the op has none. */
    public static int[] required(int[] attribute, String what) {
        if (attribute == null) {
            throw new IllegalArgumentException("the " + what + " input must be a constant int32 tensor");
        }
        return attribute;
    }
}
