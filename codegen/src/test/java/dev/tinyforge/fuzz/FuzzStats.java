package dev.tinyforge.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a fuzzing process saw, for the long run's report: inputs tried, accepted and refused, and the
 * refusal messages with the input-specific parts (numbers, quoted names) blanked, so that one rule hit
 * at many places counts once. Written to the file named by {@value #REPORT} every few thousand inputs
 * and at exit, since the fuzzer may end the process without running shutdown hooks.
 *
 * <p>When {@value #ACCEPTED} names a directory, every accepted input is saved there (by content hash,
 * at most {@value #MAX_SAVED} files) for the differential check against TFLite, which must run in
 * another process: TFLite may abort on a file it refuses.
 */
final class FuzzStats {
    /** System property: the report file (properties format) of this process; none when unset. */
    static final String REPORT = "tinyforge.fuzz.report";
    /** System property: the directory receiving accepted inputs; none when unset. */
    static final String ACCEPTED = "tinyforge.fuzz.accepted";
    static final int MAX_SAVED = 1_000;
    private static final int FLUSH_EVERY = 5_000;

    private static final Map<String, Long> REFUSALS = new TreeMap<>();
    private static long inputs;
    private static long accepted;
    private static long refusedLater;
    private static int saved;

    static {
        if (System.getProperty(REPORT) != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(FuzzStats::flush));
        }
    }

    private FuzzStats() {
    }

    static synchronized void accepted(byte[] data) {
        inputs++;
        accepted++;
        String dir = System.getProperty(ACCEPTED);
        if (dir != null && saved < MAX_SAVED) {
            Path file = Path.of(dir, sha1(data) + ".tflite");
            try {
                if (!Files.exists(file)) {
                    Files.write(file, data);
                    saved++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        maybeFlush();
    }

    static synchronized void refused(String message) {
        inputs++;
        REFUSALS.merge(normalize(message), 1L, Long::sum);
        maybeFlush();
    }

    /** A refusal by the planner or the emitter of an input the reader accepted (counted once, as accepted). */
    static synchronized void refusedLater(String message) {
        refusedLater++;
        REFUSALS.merge("(plan/emit) " + normalize(message), 1L, Long::sum);
    }

    /**
     * A message with its input-specific parts blanked: the file name, quoted names, numbers and
     * bracketed lists.
     */
    static String normalize(String message) {
        return message.replace(FuzzProperty.SOURCE + ": ", "")
                .replaceAll("'[^']*'", "'…'")
                .replaceAll("\\[[^\\]]*\\]", "[…]")
                .replaceAll("-?\\d+(\\.\\d+)?(E-?\\d+)?", "N");
    }

    private static void maybeFlush() {
        if (inputs % FLUSH_EVERY == 0) {
            flush();
        }
    }

    /** Writes the report: {@code inputs=}, {@code accepted=} (by the reader), {@code refused_later=} (by the planner or emitter), then one tab-separated {@code refusal, count, message} line per unique refusal. */
    static synchronized void flush() {
        String report = System.getProperty(REPORT);
        if (report == null) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("inputs=").append(inputs).append('\n');
        sb.append("accepted=").append(accepted).append('\n');
        sb.append("refused_later=").append(refusedLater).append('\n');
        REFUSALS.forEach((m, n) -> sb.append("refusal\t").append(n).append('\t').append(m).append('\n'));
        try {
            Path target = Path.of(report);
            Path part = target.resolveSibling(target.getFileName() + ".part");
            Files.writeString(part, sb.toString(), StandardCharsets.UTF_8);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
