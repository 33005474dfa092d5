package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.fuzz.TfliteAcceptanceCheck;
import dev.tinyforge.tflite.TfliteWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzzing campaign's differential check against TFLite (docs/fuzzing.md) tells the three cases
 * apart: a file we accept and TFLite loads, a file we refuse (left out), and leaves no JVM crash log
 * behind.
 */
class TfliteAcceptanceCheckTest {
    @Test
    void countsWhatTfliteLoadsAmongWhatWeAccept(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("every_op.tflite"), TfliteWriter.write(OpSamples.everyKind()));
        byte[] broken = TfliteWriter.write(OpSamples.graph(OpSamples.kinds().get(0)));
        broken[4] = 'X'; // the file identifier: our verifier refuses it
        Files.write(dir.resolve("broken.tflite"), broken);

        TfliteAcceptanceCheck.Result r = TfliteAcceptanceCheck.check(dir);

        assertEquals(2, r.files());
        assertEquals(1, r.notOurs(), "the broken file is refused by our reader");
        assertEquals(1, r.loaded(), "TFLite loads the every-op model: " + r.refused());
        assertTrue(r.refused().isEmpty(), r.refused().toString());
        assertTrue(r.failed().isEmpty(), r.failed().toString());
        assertTrue(r.refusedByUs().isEmpty(), "TFLite refuses the broken file too: " + r.refusedByUs());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(2, left.count(), "nothing but the two inputs in the directory");
        }
    }
}
