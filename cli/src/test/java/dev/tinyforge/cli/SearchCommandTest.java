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
                "unknown search space 'darts'; known: ofa-mbv2, mnasnet, cnn");
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
        if (!args.contains("--final-epochs")) {
            args.addAll(java.util.List.of("--final-epochs", "0"));
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

    /**
     * The winner's final training (1 epoch on a sample) and its firmware run under QEMU: result.json's
     * figures are the final model's; a rerun replays the search and does not train again.
     */
    @Test
    void finalTrainingTrainsTheWinnerAndRunsItsFirmware() throws Exception {
        Path out = dir.resolve("f");
        Run r = tinyStage2(out, "--final-epochs", "1", "--final-limit", "400", "--flip");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("training the winner: 1 epochs on a sample of 400 training images"), r.out());
        assertTrue(r.out().contains("$ tinyforge train " + out.resolve("winner.json")), r.out());
        assertTrue(r.out().contains("final model on stm32f746g-disco: int8 test accuracy "), r.out());
        com.fasterxml.jackson.databind.JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Files.readString(out.resolve("result.json")));
        double int8 = result.get("int8_accuracy").asDouble();
        assertTrue(int8 > 0.05 && int8 <= 1, result.toString());
        assertTrue(result.get("float_accuracy").asDouble() > 0.05, result.toString());
        assertTrue(result.at("/final_training/matches_tflite").asBoolean(), result.toString());
        assertEquals(1, result.at("/final_training/epochs").asInt());
        assertEquals(360, result.at("/final_training/train_images").asInt());
        long flash = result.get("flash_bytes").asLong();
        assertEquals(flash, result.at("/final_training/firmware_flash_bytes").asLong());
        assertTrue(flash > 1000 && flash <= result.get("board_flash_bytes").asLong(), result.toString());
        assertTrue(result.get("peak_sram_bytes").asLong() <= result.get("board_sram_bytes").asLong(), result.toString());
        assertTrue(result.get("latency_ms").asDouble() > 0, result.toString());
        assertTrue(Files.size(out.resolve("model.tflite")) > 1000);
        assertTrue(Files.isDirectory(out.resolve("firmware")));
        assertTrue(Files.readString(out.resolve("report.html")).contains("final model: int8 test accuracy"));

        byte[] model = Files.readAllBytes(out.resolve("model.tflite"));
        Run again = tinyStage2(out, "--final-epochs", "1", "--final-limit", "400", "--flip");
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("2 candidates (2 replayed from "), again.out());
        assertTrue(!again.out().contains("$ tinyforge train "), again.out());
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.tflite")));
    }

    @Test
    void finalTrainingErrors() {
        oneLineError(run("search", "--final-epochs", "lots", "-o", dir.toString()),
                "--final-epochs 'lots': expected auto or a number of epochs from 0 to 10000");
        oneLineError(run("search", "--train-share", "1", "-o", dir.toString()),
                "--train-share 1.0: expected a share between 0 and 1");
        Run tooShort = tinyStage2(dir.resolve("short"), "--final-epochs", "auto", "--time-budget", "40s");
        assertEquals(1, tooShort.code(), tooShort.out() + tooShort.err());
        String last = tooShort.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("tinyforge: error: time budget 40s: the search used ")
                && last.contains("is too little; give a longer --time-budget"), tooShort.err());
    }

    /**
     * A time-budgeted search times training on this machine before stage 1 and caps its MACs; a budget
     * whose winner's share cannot train anything is one line saying so.
     */
    @Test
    void aTimeBudgetTooShortForTheWinnerIsOneLine() {
        Run r = run("search", "--time-budget", "1m", "--samples", "2", "--final-limit", "1000", "-o",
                dir.resolve("budget").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("tinyforge: error: time budget 1m: the winner's share (30 s, less 60 s for"
                + " quantization, test evaluation and the firmware) cannot train 5 epochs of 900 images at this"
                + " machine's speed ("), last);
        assertTrue(last.contains(" M MACs at ") && last.contains(" images/s"), last);
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

    /** A truncated IDX file (as a broken download leaves it) is one line naming the file, not a crash. */
    @Test
    void corruptDatasetIsOneLine() throws Exception {
        Path data = Files.createDirectories(dir.resolve("idx"));
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(16 + 100).putInt(0x00000803).putInt(1000).putInt(28)
                .putInt(28);
        Files.write(data.resolve("train-images-idx3-ubyte"), header.array());
        java.nio.ByteBuffer labels = java.nio.ByteBuffer.allocate(8 + 1000).putInt(0x00000801).putInt(1000);
        Files.write(data.resolve("train-labels-idx1-ubyte"), labels.array());
        Run r = run("search", "--width", "0.1", "--resolution", "16", "--dataset", "idx:" + data, "-o",
                dir.resolve("c").toString());
        oneLineError(r, data.resolve("train-images-idx3-ubyte").toString());
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
