package dev.tinyforge.fuzz;

/**
 * Fuzz target (a): read and verify a {@code .tflite} as every command does ({@code TfliteVerifier},
 * then {@code TfliteReader}); Jazzer calls {@link #fuzzerTestOneInput} with each input.
 */
public final class ReadFuzzTarget {
    private ReadFuzzTarget() {
    }

    /**
     * Jazzer calls this once before fuzzing: the seeds run through the target first, so that loading and
     * instrumenting the classes they reach is not timed as the first input (it took over 10 s on a
     * loaded machine, which the fuzzer reported as a hang).
     */
    public static void fuzzerInitialize() {
        FuzzCorpus.seeds().values().forEach(ReadFuzzTarget::fuzzerTestOneInput);
    }

    public static void fuzzerTestOneInput(byte[] data) {
        FuzzProperty.read(data);
    }
}
