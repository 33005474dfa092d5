package dev.tinyforge.runtime.tflite;

import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.RunnerProvider;

/** Registers the TFLite interpreter as backend {@code tflite}. */
public final class TfliteRunnerProvider implements RunnerProvider {
    @Override
    public String name() {
        return "tflite";
    }

    @Override
    public Runner open(byte[] model, String source, RunnerOptions options) {
        return new TfliteRunner(model, source, options);
    }
}
