package dev.tinyforge.runtime.host;

import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.RunnerProvider;

/** Registers the generated-C host backend as {@code native}. */
public final class HostRunnerProvider implements RunnerProvider {
    @Override
    public String name() {
        return "native";
    }

    @Override
    public Runner open(byte[] model, String source, RunnerOptions options) {
        return HostRunner.open(model, source);
    }
}
