package dev.tinyforge.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds backends by name among the {@link RunnerProvider}s on the class path. */
public final class Runners {
    private Runners() {
    }

    /** Names of the available backends, sorted. */
    public static List<String> backends() {
        List<String> names = new ArrayList<>();
        for (RunnerProvider p : ServiceLoader.load(RunnerProvider.class)) {
            names.add(p.name());
        }
        names.sort(null);
        return names;
    }

    /**
     * Opens a model with the named backend.
     *
     * @throws IllegalArgumentException when no backend has that name (the message lists those that exist)
     */
    public static Runner open(String backend, byte[] model, String source, RunnerOptions options) {
        for (RunnerProvider p : ServiceLoader.load(RunnerProvider.class)) {
            if (p.name().equals(backend)) {
                return p.open(model, source, options);
            }
        }
        throw new IllegalArgumentException("unknown backend '" + backend + "'; available: "
                + String.join(", ", backends()));
    }
}
