package dev.tinyforge.runtime;

import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Conversions between float arrays and the raw tensor bytes runners take, for tests. */
final class ModelIo {
    private ModelIo() {
    }

    static byte[] floats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    static float[] toFloats(byte[] data) {
        float[] f = new float[data.length / 4];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    /** Quantizes floats as TFLite's QUANTIZE does: round half away from zero, then clamp. */
    static byte[] quantize(float[] values, Quant q) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            float x = values[i] / q.scale();
            long v = (long) (x >= 0 ? Math.floor(x + 0.5) : Math.ceil(x - 0.5)) + q.zeroPoint();
            out[i] = (byte) Math.max(-128, Math.min(127, v));
        }
        return out;
    }

    /** Quantizes floats to little-endian int16 as TFLite's QUANTIZE does: round half away from zero, then clamp. */
    static byte[] quantize16(float[] values, Quant q) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            float x = value / q.scale();
            long v = (long) (x >= 0 ? Math.floor(x + 0.5) : Math.ceil(x - 0.5)) + q.zeroPoint();
            b.putShort((short) Math.max(-32768, Math.min(32767, v)));
        }
        return b.array();
    }

    static float[] dequantize(byte[] values, TensorInfo info) {
        if (info.dtype() == DType.INT16) {
            short[] v = new short[values.length / 2];
            ByteBuffer.wrap(values).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(v);
            float[] out = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = info.scale() * (v[i] - info.zeroPoint());
            }
            return out;
        }
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = info.scale() * (values[i] - info.zeroPoint());
        }
        return out;
    }

    /** The bytes a runner takes for a float input of the given graph tensor (quantized if it is int8 or int16). */
    static byte[] encode(float[] values, Tensor t) {
        return switch (t.dtype()) {
            case INT8 -> quantize(values, t.quant());
            case INT16 -> quantize16(values, t.quant());
            default -> floats(values);
        };
    }

    static float[] decode(byte[] data, TensorInfo info) {
        return info.dtype().isQuantizedActivation() ? dequantize(data, info) : toFloats(data);
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
