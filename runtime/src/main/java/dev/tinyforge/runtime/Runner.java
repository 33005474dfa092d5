package dev.tinyforge.runtime;

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

    /** Runs a single-input model and returns its first output. */
    default byte[] run(byte[] input) {
        return run(List.of(input)).get(0);
    }

    @Override
    void close();
}
