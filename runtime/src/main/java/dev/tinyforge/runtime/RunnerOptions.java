package dev.tinyforge.runtime;

/**
 * How a runner executes: thread count and, for the TFLite backend, whether the XNNPACK delegate is
 * applied. The defaults (1 thread, no delegate) give TFLite's built-in kernels: the bit-exact oracle.
 */
public record RunnerOptions(int threads, boolean xnnpack) {

    public RunnerOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** One thread, built-in kernels only. */
    public static RunnerOptions reference() {
        return new RunnerOptions(1, false);
    }
}
