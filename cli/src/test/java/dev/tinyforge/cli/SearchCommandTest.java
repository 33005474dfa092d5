package dev.tinyforge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tinyforge search --stage1} through {@link Main#execute}: the files, determinism, the errors. */
class SearchCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** One line of error, no stack trace, exit 1. */
    static void oneLineError(Run r, String start) {
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("tinyforge: error: " + start), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void writesTheSameStage1JsonForTheSameSeed() throws Exception {
        Run a = run("search", "--stage1", "--samples", "3", "--seed", "4", "-o", dir.resolve("a").toString());
        Run b = run("search", "--stage1", "--samples", "3", "--seed", "4", "--threads", "1", "-o",
                dir.resolve("b").toString());
        assertEquals(0, a.code(), a.err());
        assertEquals(0, b.code(), b.err());
        assertTrue(a.out().contains("chosen: width "), a.out());
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/stage1.json")), Files.readAllBytes(dir.resolve("b/stage1.json")));
        assertTrue(Files.size(dir.resolve("a/stage1-cdf.png")) > 5000);
        Run mnas = run("search", "--stage1", "--space", "mnasnet", "--samples", "2", "--input-channels", "1",
                "--classes", "5", "-o", dir.resolve("m").toString());
        assertEquals(0, mnas.code(), mnas.err());
        String json = Files.readString(dir.resolve("m/stage1.json"));
        assertTrue(json.contains("\"space\" : \"mnasnet\"") && json.contains("\"input_channels\" : 1")
                && json.contains("\"classes\" : 5"), json);
    }

    @Test
    void unknownBoard() {
        oneLineError(run("search", "--board", "stm32-nope", "--stage1", "-o", dir.toString()),
                "unknown board 'stm32-nope'; known boards: ");
    }

    @Test
    void unknownSpace() {
        oneLineError(run("search", "--stage1", "--space", "darts", "-o", dir.toString()),
                "unknown search space 'darts'; known: ofa-mbv2, mnasnet");
    }

    @Test
    void nothingFitsSaysWhatTheSmallestModelNeeds() {
        Run r = run("search", "--stage1", "--sram", "8K", "--samples", "2", "-o", dir.toString());
        oneLineError(r, "nothing in the ofa-mbv2 space fits stm32f746g-disco: its smallest model (width 0.1,"
                + " resolution 48) needs ");
        assertTrue(r.err().contains("bytes of SRAM (arena ") && r.err().contains("the board has 8192 bytes of SRAM"),
                r.err());
        oneLineError(run("search", "--stage1", "--sram", "lots", "-o", dir.toString()), "--sram 'lots': expected");
        oneLineError(run("search", "--stage1", "--samples", "0", "-o", dir.toString()), "--samples 0 is out of range");
    }

    @Test
    void stage2IsNotThereYet() {
        oneLineError(run("search", "-o", dir.toString()), "search: stage 2 (the search inside the chosen width and"
                + " resolution, with training) is not there yet; run stage 1 with --stage1");
    }
}
