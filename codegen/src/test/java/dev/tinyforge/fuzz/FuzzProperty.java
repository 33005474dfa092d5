package dev.tinyforge.fuzz;

import dev.tinyforge.cgen.UnsupportedOpException;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.tflite.ModelFormatException;
import dev.tinyforge.tflite.TfliteReader;

/**
 * The property every fuzz target checks, in one place so the three targets agree on it: an input is
 * either accepted, or refused with one of TinyForge's own exceptions ({@link ModelFormatException} from
 * the reader and verifier, {@link UnsupportedOpException} from the planner and the C emitter) carrying
 * a one-line message. Anything else escapes the target, and Jazzer reports it as a finding: another
 * exception (an index out of bounds, an arithmetic overflow), an {@link Error} (out of memory, stack
 * overflow), or a refusal whose message is blank or spans several lines (an {@link AssertionError}
 * thrown here), or a refusal by the reader's last resort (the verifier passed a file flatbuffers-java could
 * not unpack, which the reader reports as corrupt without saying why). Hangs are caught by the fuzzer's
 * per-input timeout.
 */
final class FuzzProperty {
    /** The file name the targets read inputs under; every reader refusal must name it. */
    static final String SOURCE = "fuzz.tflite";

    private FuzzProperty() {
    }

    /**
     * Reads and verifies an input as every command does.
     *
     * @return the graph, or {@code null} when the input was refused as it should be
     */
    static Graph read(byte[] data) {
        Graph g;
        try {
            g = TfliteReader.read(data, SOURCE);
        } catch (ModelFormatException e) {
            checkMessage(e, true);
            if (e.getCause() != null) {
                // the reader's last resort: the verifier passed a file flatbuffers-java then failed on
                throw new AssertionError("the verifier passed a file the reader could not unpack: " + e.getMessage(),
                        e.getCause());
            }
            FuzzStats.refused(e.getMessage());
            return null;
        }
        FuzzStats.accepted(data);
        return g;
    }

    /** A refusal by the planner or the emitter: checked and counted; anything else is rethrown. */
    static void refusedLater(RuntimeException e) {
        if (!(e instanceof UnsupportedOpException || e instanceof ModelFormatException)) {
            throw e;
        }
        checkMessage(e, false);
        FuzzStats.refusedLater(e.getMessage());
    }

    /**
     * A refusal's message must be one line, not blank; a reader refusal must name the file (users see
     * it as is).
     */
    static void checkMessage(RuntimeException e, boolean namesFile) {
        String m = e.getMessage();
        if (m == null || m.isBlank() || m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0
                || namesFile && !m.contains(SOURCE)) {
            throw new AssertionError("refusal without a one-line message naming " + (namesFile ? SOURCE : "the op")
                    + ": " + e.getClass().getName() + ": " + m, e);
        }
    }
}
