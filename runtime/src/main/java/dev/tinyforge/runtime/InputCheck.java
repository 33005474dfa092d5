package dev.tinyforge.runtime;

import java.nio.ByteBuffer;
import java.util.List;

/** The input validation every {@link Runner} applies before running: count and byte sizes. */
public final class InputCheck {
    private InputCheck() {
    }

    /**
     * @throws IllegalArgumentException naming the model, the input and both sizes when they do not fit
     */
    public static void require(String source, List<TensorInfo> expected, List<byte[]> data) {
        if (data.size() != expected.size()) {
            throw new IllegalArgumentException(source + ": model takes " + expected.size() + " inputs, got "
                    + data.size());
        }
        for (int i = 0; i < data.size(); i++) {
            TensorInfo in = expected.get(i);
            if (data.get(i).length != in.sizeBytes()) {
                throw new IllegalArgumentException(source + ": input " + i + " '" + in.name() + "' is "
                        + in.sizeBytes() + " bytes (" + in + "), got " + data.get(i).length);
            }
        }
    }

    /**
     * The checks of {@link Runner#run(ByteBuffer[], ByteBuffer[])}: one buffer per input and per output,
     * each with exactly the tensor's size remaining (position to limit), outputs writable.
     *
     * @throws IllegalArgumentException naming the model, the tensor and what to change
     */
    public static void requireBuffers(String source, List<TensorInfo> inputs, List<TensorInfo> outputs,
            ByteBuffer[] in, ByteBuffer[] out) {
        count(source, "inputs", inputs.size(), in);
        count(source, "outputs", outputs.size(), out);
        for (int i = 0; i < in.length; i++) {
            size(source, "input", i, inputs.get(i), in[i]);
        }
        for (int i = 0; i < out.length; i++) {
            size(source, "output", i, outputs.get(i), out[i]);
            if (out[i].isReadOnly()) {
                throw new IllegalArgumentException(source + ": the buffer for output " + i + " '"
                        + outputs.get(i).name() + "' is read-only; pass a writable one");
            }
        }
    }

    private static void count(String source, String what, int expected, ByteBuffer[] buffers) {
        if (buffers == null || buffers.length != expected) {
            throw new IllegalArgumentException(source + ": model has " + expected + " " + what + ", got "
                    + (buffers == null ? "null" : buffers.length + " buffers") + "; pass one buffer per tensor, "
                    + "in the order of " + what + "()");
        }
    }

    private static void size(String source, String what, int i, TensorInfo t, ByteBuffer b) {
        if (b == null) {
            throw new IllegalArgumentException(source + ": the buffer for " + what + " " + i + " '" + t.name()
                    + "' is null");
        }
        if (b.remaining() != t.sizeBytes()) {
            throw new IllegalArgumentException(source + ": " + what + " " + i + " '" + t.name() + "' is "
                    + t.sizeBytes() + " bytes (" + t + "), its buffer has " + b.remaining() + " remaining (position "
                    + b.position() + ", limit " + b.limit() + ")" + (b.remaining() == 0 && b.capacity() >= t.sizeBytes()
                    ? "; flip() or rewind() it after filling it" : ""));
        }
    }
}
