package dev.tinyforge.runtime;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one loaded model. Every backend (TFLite now; the generated C on the host, QEMU and boards
 * later) implements this interface and passes the same conformance tests, so a test or the CLI can
 * compare any two of them byte for byte.
 *
 * <p>Inputs and outputs are raw little-endian bytes in the tensors' own types (int8 for fully-int8
 * models, float32 for float models). Runners are not thread-safe; close them to free native memory.
 */
public interface Runner extends AutoCloseable {

    /** The backend's name, e.g. {@code tflite}. */
    String backend();

    List<TensorInfo> inputs();

    List<TensorInfo> outputs();

    /**
     * Runs one inference.
     *
     * @param inputs one byte array per model input, each exactly {@link TensorInfo#sizeBytes()} long
     * @return one byte array per model output
     * @throws IllegalArgumentException when the number or sizes of the inputs are wrong
     */
    List<byte[]> run(List<byte[]> inputs);

    /**
     * Runs one inference into buffers the caller owns: how a host application calls a model without
     * allocating per call. The native backend hands direct buffers straight to the generated C (zero
     * copy) and copies heap buffers; other backends copy.
     *
     * <p>Each buffer's remaining bytes (position to limit) are the tensor: exactly
     * {@link TensorInfo#sizeBytes()} of them. Positions and limits are left as they are, so the same
     * buffers serve every call. Float tensors are in the host's byte order
     * ({@link java.nio.ByteOrder#nativeOrder()}).
     *
     * @param inputs one buffer per model input, in the order of {@link #inputs()}
     * @param outputs one writable buffer per model output, in the order of {@link #outputs()}
     * @throws IllegalArgumentException when the number or sizes of the buffers are wrong, or an output is
     *     read-only
     */
    default void run(ByteBuffer[] inputs, ByteBuffer[] outputs) {
        String source = "the " + backend() + " model";
        InputCheck.requireBuffers(source, inputs(), outputs(), inputs, outputs);
        List<byte[]> in = new ArrayList<>(inputs.length);
        for (ByteBuffer b : inputs) {
            byte[] bytes = new byte[b.remaining()];
            b.get(b.position(), bytes);
            in.add(bytes);
        }
        List<byte[]> out = run(in);
        for (int i = 0; i < outputs.length; i++) {
            outputs[i].put(outputs[i].position(), out.get(i));
        }
    }

    /** Runs a single-input model and returns its first output. */
    default byte[] run(byte[] input) {
        return run(List.of(input)).get(0);
    }

    @Override
    void close();
}
