package dev.tinyforge.tflite;

/**
 * A {@code .tflite} file {@link TfliteVerifier} refuses. Besides the one-line message it says which
 * half of the verifier refused and by which rule, so tools and tests can tell a corrupted file (the
 * flatbuffer itself is broken: TFLite's own verifier refuses it too) from a well-formed file describing
 * a model TFLite would fail on later (an index out of range, inconsistent quantization).
 */
public final class TfliteVerifierException extends ModelFormatException {
    /** Which half of the verification refused the file. */
    public enum Stage {
        /** The flatbuffer is malformed: what flatbuffers' verifier checks over the TFLite schema. */
        STRUCTURE,
        /** The flatbuffer is well formed, but the model in it is inconsistent. */
        MODEL
    }

    private final Stage stage;
    private final String rule;

    TfliteVerifierException(Stage stage, String rule, String message) {
        super(message);
        this.stage = stage;
        this.rule = rule;
    }

    public Stage stage() {
        return stage;
    }

    /** A short, stable name of the rule that failed (for grouping refusals), e.g. "vtable out of bounds". */
    public String rule() {
        return rule;
    }
}
