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

    static float[] dequantize(byte[] values, TensorInfo info) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = info.scale() * (values[i] - info.zeroPoint());
        }
        return out;
    }

    /** The bytes a runner takes for a float input of the given graph tensor (quantized if it is int8). */
    static byte[] encode(float[] values, Tensor t) {
        return t.dtype() == DType.INT8 ? quantize(values, t.quant()) : floats(values);
    }

    static float[] decode(byte[] data, TensorInfo info) {
        return info.dtype() == DType.INT8 ? dequantize(data, info) : toFloats(data);
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
