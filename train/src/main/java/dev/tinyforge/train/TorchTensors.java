package dev.tinyforge.train;

import java.nio.FloatBuffer;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;

/**
 * Copies between Java arrays and libtorch tensors, and the few value wrappers the presets' calls
 * need, so that no other class handles native buffers.
 */
final class TorchTensors {
    private TorchTensors() {
    }

    /** A new float tensor holding a copy of {@code values}. */
    static Tensor of(float[] values, long... shape) {
        return Tensor.create(values, shape);
    }

    /** A new float tensor of an IR shape holding a copy of {@code values}. */
    static Tensor of(float[] values, int[] shape) {
        return of(values, longs(shape));
    }

    /** The values of a float tensor in row-major order of its shape (a copy). */
    static float[] floats(Tensor t) {
        try (Tensor c = t.detach().contiguous()) {
            FloatBuffer b = c.createBuffer();
            float[] out = new float[(int) c.numel()];
            b.get(out);
            return out;
        }
    }

    static long[] longs(int[] shape) {
        long[] l = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            l[i] = shape[i];
        }
        return l;
    }

    static Scalar scalar(double v) {
        return new Scalar(v);
    }

    static TensorOptional optional(Tensor t) {
        return t == null ? new TensorOptional() : new TensorOptional(t);
    }
}
