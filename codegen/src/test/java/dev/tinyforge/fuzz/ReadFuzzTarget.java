package dev.tinyforge.fuzz;

/**
 * Fuzz target (a): read and verify a {@code .tflite} as every command does ({@code TfliteVerifier},
 * then {@code TfliteReader}); Jazzer calls {@link #fuzzerTestOneInput} with each input.
 */
public final class ReadFuzzTarget {
    private ReadFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        FuzzProperty.read(data);
    }
}
