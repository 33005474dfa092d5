package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.OpRegistry;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.tflite.TfliteCodec;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.TfLiteRegistration;
import org.junit.jupiter.api.Test;

/**
 * Each op's {@link TfliteCodec#maxVersion()} is what TFLite's own built-in resolver registers: versions 1 to
 * it, and not the next one nor 0. The reader refuses other versions, which TFLite's interpreter builder would
 * refuse ("Didn't find op for builtin opcode").
 */
class TfliteOpVersionTest {
    @Test
    void maxVersionIsTheNewestTfliteRegisters() {
        BuiltinOpResolverWithoutDefaultDelegates resolver = new BuiltinOpResolverWithoutDefaultDelegates();
        for (OpType kind : OpRegistry.with(TfliteCodec.class)) {
            TfliteCodec codec = (TfliteCodec) kind;
            for (int v = 1; v <= codec.maxVersion(); v++) {
                assertTrue(found(resolver, codec.builtinCode(), v), kind + " version " + v + " is registered");
            }
            assertFalse(found(resolver, codec.builtinCode(), codec.maxVersion() + 1),
                    kind + " version " + (codec.maxVersion() + 1) + " is not registered: raise maxVersion()");
            assertFalse(found(resolver, codec.builtinCode(), 0), kind + " version 0 is not registered");
        }
    }

    private static boolean found(BuiltinOpResolverWithoutDefaultDelegates r, int code, int version) {
        TfLiteRegistration reg = r.FindOp(code, version);
        return reg != null && !reg.isNull();
    }
}
