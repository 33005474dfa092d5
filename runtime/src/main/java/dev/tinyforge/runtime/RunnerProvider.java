package dev.tinyforge.runtime;

/**
 * Creates runners of one backend. Providers are found with {@link java.util.ServiceLoader}, so a
 * backend module adds itself by listing its provider in
 * {@code META-INF/services/dev.tinyforge.runtime.RunnerProvider}.
 */
public interface RunnerProvider {

    /** The name users select the backend by ({@code --backend NAME}). */
    String name();

    /**
     * Loads a model.
     *
     * @param model the {@code .tflite} bytes
     * @param source where the bytes came from, for error messages
     */
    Runner open(byte[] model, String source, RunnerOptions options);
}
