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

/**
 * {@code tinyforge search} through {@link Main#execute}: stage 1's files, determinism and errors; a tiny
 * stage 2 (its files, resuming, another search's directory) and its errors.
 */
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

    /** A tiny stage 2: cell given, 2 candidates of 2 steps on 200 images. */
    private Run tinyStage2(Path out, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("search", "--width", "0.1",
                "--resolution", "16", "--evaluations", "2", "--proxy-batch", "16", "--proxy-images", "200",
                "--strategy", "random", "-o", out.toString()));
        args.addAll(java.util.List.of(more));
        if (!args.contains("--proxy-steps")) {
            args.addAll(java.util.List.of("--proxy-steps", "2"));
        }
        return run(args.toArray(String[]::new));
    }

    @Test
    void stage2WritesTheLogAndTheWinnerAndResumes() throws Exception {
        Run r = tinyStage2(dir.resolve("s"));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("winner: candidate ") && r.out().contains("proxy validation accuracy"), r.out());
        assertEquals(2, r.err().lines().filter(l -> l.startsWith("candidate ")).count(), r.err());
        assertEquals(2, Files.readAllLines(dir.resolve("s/history.jsonl")).size());
        assertTrue(Files.readString(dir.resolve("s/result.json")).contains("\"final_training\""));
        dev.tinyforge.zoo.ArchitectureSpec.read(dir.resolve("s/winner.json"));
        byte[] before = Files.readAllBytes(dir.resolve("s/history.jsonl"));
        Run again = tinyStage2(dir.resolve("s"));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("2 candidates (2 replayed from "), again.out());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("s/history.jsonl")));

        Run other = tinyStage2(dir.resolve("s"), "--seed", "9");
        oneLineError(other, dir.resolve("s/search.json") + " was written by another search (it has \"seed\" : 0 where"
                + " this one has \"seed\" : 9); resuming needs the same options: use them, or another -o DIR");
    }

    @Test
    void stage2Errors() {
        oneLineError(run("search", "--strategy", "annealing", "-o", dir.toString()),
                "unknown strategy 'annealing'; known: evolution, random");
        oneLineError(run("search", "--time-budget", "soon", "-o", dir.toString()),
                "--time-budget 'soon': expected a duration such as 90s, 15m, 2h or 1h30m");
        oneLineError(run("search", "--width", "0.3", "-o", dir.toString()), "--width and --resolution go together");
        oneLineError(run("search", "--board", "nrf52840-dk", "--latency-ms", "50", "-o", dir.toString()),
                "--latency-ms: there is no latency model for nrf52840-dk; calibrate one with bench/latency-model nrf52840-dk");
        oneLineError(run("search", "--latency-ms", "0", "-o", dir.toString()),
                "--latency-ms 0.0: expected a positive target in milliseconds");
        Run time = tinyStage2(dir.resolve("t"), "--time-budget", "1s", "--proxy-steps", "100000");
        oneLineError(time, "time budget 1s ran out before the first candidate was trained (");
        assertTrue(time.err().contains(" of 100000 proxy steps in "), time.err());
    }

    @Test
    void missingDatasetNamesTheDebianPackage() {
        System.setProperty(dev.tinyforge.data.FashionMnist.DIR_PROPERTY, dir.resolve("nowhere").toString());
        try {
            oneLineError(run("search", "--width", "0.1", "--resolution", "16", "-o", dir.resolve("m").toString()),
                    "fashion-mnist not found in " + dir.resolve("nowhere") + ": install the Debian package"
                            + " dataset-fashion-mnist");
        } finally {
            System.clearProperty(dev.tinyforge.data.FashionMnist.DIR_PROPERTY);
        }
    }
}
