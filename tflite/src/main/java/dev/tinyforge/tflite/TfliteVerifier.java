package dev.tinyforge.tflite;

/**
 * The check every {@code .tflite} file passes before anything reads it: {@link TfliteReader} (and so
 * {@code inspect}, {@code plan}, {@code compile}, {@code build}, {@code bench}) and the TFLite
 * interpreter behind {@code TfliteRunner}.
 *
 * <p>It exists because neither reader protects itself: flatbuffers-java reads without bounds checks (a
 * damaged vtable reads as "0 ops" or throws an IndexOutOfBounds deep in the reader), and TFLite, whose
 * verifier does check the flatbuffer, aborts the JVM on some well-formed but inconsistent models (an
 * empty scale vector on an int8 tensor).
 *
 * <p>Two stages, each refusing with a {@link TfliteVerifierException} whose one-line message names the
 * file, the place (e.g. {@code subgraph 0 tensor 12 'conv1/weights' quantization.scale}), what was
 * expected and what to do:
 * <ol>
 *   <li>{@link #verifyStructure}: flatbuffers' verifier rules over TFLite 2.20's schema
 *       ({@link FlatBufferChecker}, {@link TfliteSchema}), i.e. what TFLite's
 *       {@code FlatBufferModel::VerifyAndBuildFromBuffer} checks, with its identifier, depth and table
 *       limits;</li>
 *   <li>model-level checks that need no knowledge of individual ops ({@link ModelChecks}): indices
 *       in range, constants as long as their shape needs, quantization arrays consistent with the
 *       shape.</li>
 * </ol>
 * Op-specific checks (input types and shapes of each op) belong to the reader and the op classes.
 */
public final class TfliteVerifier {
    private TfliteVerifier() {
    }

    /**
     * Verifies a whole model file.
     *
     * @param source the file name, used in every message
     * @throws TfliteVerifierException for the first problem found
     */
    public static void verify(byte[] bytes, String source) {
        FlatBufferChecker structure = new FlatBufferChecker(bytes, source, TfliteSchema.SCHEMA);
        structure.verify(TfliteSchema.IDENTIFIER);
        if (structure.javaLimit() != null) {
            throw structure.javaLimit();
        }
        new ModelChecks(bytes, source).check();
    }

    /**
     * Only the flatbuffer-level half: accepts exactly what TFLite 2.20's flatbuffer verifier accepts.
     * For tools and tests that compare verdicts with TFLite; readers call {@link #verify}.
     */
    public static void verifyStructure(byte[] bytes, String source) {
        new FlatBufferChecker(bytes, source, TfliteSchema.SCHEMA).verify(TfliteSchema.IDENTIFIER);
    }
}
