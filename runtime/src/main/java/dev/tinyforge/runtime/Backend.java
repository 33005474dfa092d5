package dev.tinyforge.runtime;

/**
 * The ways TinyForge runs a model, for {@link Model#runner(Backend)}: named here so an embedding
 * application picks one without knowing provider names or options.
 */
public enum Backend {
    /** TFLite's interpreter with its built-in kernels, one thread: the bit-exact oracle. */
    TFLITE("tflite", false),
    /** TFLite's interpreter with the XNNPACK delegate: faster on x86 and ARM hosts, not bit-exact (1 LSB). */
    XNNPACK("tflite", true),
    /** TinyForge's generated C compiled for the host (gcc, cached), called through JavaCPP: bit-exact with TFLITE. */
    NATIVE("native", false);

    private final String provider;
    private final boolean xnnpack;

    Backend(String provider, boolean xnnpack) {
        this.provider = provider;
        this.xnnpack = xnnpack;
    }

    /** The {@link RunnerProvider} name this backend is opened with. */
    public String provider() {
        return provider;
    }

    /** The runner options of this backend with the given thread count. */
    public RunnerOptions options(int threads) {
        return new RunnerOptions(threads, xnnpack);
    }
}
