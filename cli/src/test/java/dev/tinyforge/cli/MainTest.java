package dev.tinyforge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinyforge.boards.Boards;
import dev.tinyforge.boards.Emulator;
import dev.tinyforge.boards.ModelFit;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.Runners;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tinyforge} commands end to end, through {@link Main#execute}. */
class MainTest {
    @TempDir
    static Path dir;

    static Path model;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void exportTheReadmeModel() {
        model = dir.resolve("m.tflite");
        Run r = run("export", "mobilenetv2", "--width", "0.35", "--resolution", "96", "--classes", "10", "-o",
                model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("wrote "), r.out());
    }

    @Test
    void aModelWithTwoInputsAndOneWithThreeOutputsRunVerifyAndWriteEveryOutput() throws Exception {
        Path two = dir.resolve("twostream.tflite");
        Path three = dir.resolve("multitask.tflite");
        assertEquals(0, run("export", "twostream", "--width", "0.35", "--resolution", "32", "-o", two.toString()).code());
        assertEquals(0, run("export", "multitask", "--width", "0.35", "--resolution", "32", "-o", three.toString())
                .code());
        byte[] a = new byte[32 * 32 * 3];
        byte[] b = new byte[32 * 32 * 3];
        java.util.Arrays.fill(b, (byte) 17);
        Path ia = Files.write(dir.resolve("a.bin"), a);
        Path ib = Files.write(dir.resolve("b.bin"), b);
        Run r = run("run", two.toString(), "--input", ia.toString(), "--input", ib.toString(), "--backend", "native");
        assertEquals(0, r.code(), r.err());
        Run t = run("run", two.toString(), "--input", ia.toString(), "--input", ib.toString());
        assertEquals(r.out(), t.out(), "native and TFLite print the same output");
        Path outs = Files.createDirectories(dir.resolve("outs"));
        Run w = run("run", three.toString(), "-o", outs.toString());
        assertEquals(0, w.code(), w.err());
        for (int o = 0; o < 3; o++) {
            assertTrue(Files.size(outs.resolve("output_" + o + ".bin")) > 0, w.out());
        }
        Run bad = run("run", three.toString(), "-o", dir.resolve("x.bin").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("1 -o files for a model with 3 outputs"), bad.err());
        for (Path m : List.of(two, three)) {
            Run v = run("verify", m.toString(), "--inputs", "3");
            assertEquals(0, v.code(), v.out() + v.err());
            assertTrue(v.out().contains(", 0 differ"), v.out());
        }
    }

    /** export --int16: TFLite's 16x8 mode, run natively and by TFLite with the same int16 values. */
    @Test
    void int16ExportRunsNativelyAsTfliteDoes() throws Exception {
        Path m16 = dir.resolve("resnet8-16x8.tflite");
        Run e = run("export", "resnet8", "--width", "0.25", "--int16", "-o", m16.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains(", 16x8, "), e.out());
        Run v = run("verify", m16.toString(), "--inputs", "3");
        assertEquals(0, v.code(), v.out() + v.err());
        assertTrue(v.out().contains(", 0 differ"), v.out());
        Run nat = run("run", m16.toString(), "--backend", "native");
        Run ref = run("run", m16.toString());
        assertEquals(0, nat.code(), nat.err());
        assertEquals(ref.out(), nat.out(), "native and TFLite print the same int16 values");
        assertTrue(java.util.Arrays.stream(nat.out().strip().split(" ")).mapToInt(Integer::parseInt)
                .allMatch(x -> x >= 0 && x <= 32767), "softmax in Q0.15: " + nat.out());
        Run both = run("export", "resnet8", "--float", "--int16", "-o", dir.resolve("x16.tflite").toString());
        assertEquals(1, both.code());
        assertTrue(both.err().contains("--float and --int16 exclude each other"), both.err());
    }

    @Test
    void outputPathsAreCheckedBeforeTheWorkAndNamedWhenTheyFail() throws Exception {
        Path existingDir = Files.createDirectories(dir.resolve("a-directory"));
        Run r = run("export", "resnet8", "-o", existingDir.toString());
        assertEquals(1, r.code());
        assertEquals("", r.out(), "refused before calibrating");
        assertTrue(r.err().contains(existingDir + " is a directory; give a file name"), r.err());
        Run full = run("export", "resnet8", "--width", "0.25", "-o", "/dev/full");
        assertEquals(1, full.code());
        assertTrue(full.err().contains("cannot write /dev/full: No space left on device"), full.err());
        assertFalse(full.err().contains("Exception"), full.err());
        Run file = run("compile", model.toString(), "-o", model.toString());
        assertEquals(1, file.code());
        assertTrue(file.err().contains(model + " exists and is not a directory"), file.err());
    }

    @Test
    void aWeightTfliteRefusesButTflmLoadsIsNormalizedSaidAndVerified() throws Exception {
        Path m = dir.resolve("person-detect-like.tflite");
        Files.write(m, dev.tinyforge.tflite.TfliteWriter.write(ConvNet.int8WithOutOfRangeQuantizedDimension()));
        Run v = run("verify", m.toString(), "--inputs", "3");
        assertEquals(0, v.code(), v.out() + v.err());
        assertTrue(v.err().contains("note: " + m + ": tensor") && v.err().contains("'fc/w'")
                && v.err().contains("quantized_dimension 3 (rank 2) read as dimension 0"), v.err());
        assertTrue(v.out().contains(", 0 differ"), v.out());
    }

    @Test
    void zooJsonListsEveryArchitectureWithParamsAndMacs() throws Exception {
        Run r = run("zoo", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode list = new ObjectMapper().readTree(r.out());
        assertTrue(list.isArray() && list.size() >= 5);
        boolean sawMobilenet = false;
        for (JsonNode n : list) {
            assertTrue(n.get("params").asLong() > 0 && n.get("macs").asLong() > 0, n.toString());
            sawMobilenet |= n.get("name").asText().equals("mobilenetv2");
        }
        assertTrue(sawMobilenet);
    }

    @Test
    void inspectJsonHasParamsMacsAndOps() throws Exception {
        Run r = run("inspect", model.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertTrue(n.get("params").asLong() > 100_000, r.out());
        assertTrue(n.get("macs").asLong() > 1_000_000);
        assertTrue(n.get("ops").size() > 50);
        assertEquals("CONV_2D", n.get("ops").get(0).get("op").asText());
        Run text = run("inspect", model.toString());
        assertEquals(0, text.code());
        assertTrue(text.out().contains("DEPTHWISE_CONV_2D"), text.out());
    }

    @Test
    void runWritesExactlyTheBytesTfliteGives() throws Exception {
        Path out = dir.resolve("out.bin");
        Path in = dir.resolve("in.bin");
        byte[] input = new byte[96 * 96 * 3];
        new SplittableRandom(5).nextBytes(input);
        Files.write(in, input);
        Run r = run("run", model.toString(), "--input", in.toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        byte[] expected;
        try (Runner runner = Runners.open("tflite", Files.readAllBytes(model), "m", RunnerOptions.reference())) {
            expected = runner.run(input);
        }
        assertArrayEquals(expected, Files.readAllBytes(out));
        Run printed = run("run", model.toString());
        assertEquals(0, printed.code(), printed.err());
        assertEquals(10, printed.out().trim().split(" ").length, printed.out());
    }

    @Test
    void missingFileIsOneClearLine() {
        Run r = run("inspect", dir.resolve("nope.tflite").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("nope.tflite: no such file"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void garbageAndTruncatedFilesAreRefused() throws Exception {
        Path garbage = dir.resolve("garbage.tflite");
        byte[] bytes = new byte[4096];
        new SplittableRandom(1).nextBytes(bytes);
        Files.write(garbage, bytes);
        Path truncated = dir.resolve("truncated.tflite");
        byte[] full = Files.readAllBytes(model);
        Files.write(truncated, java.util.Arrays.copyOf(full, full.length / 3));
        for (Path p : new Path[] {garbage, truncated}) {
            for (String cmd : new String[] {"inspect", "run"}) {
                Run r = run(cmd, p.toString());
                assertEquals(1, r.code(), cmd + " " + p);
                assertTrue(r.err().startsWith("tinyforge: error: ") && r.err().contains(p.getFileName().toString()),
                        r.err());
                assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r.err());
            }
        }
    }

    @Test
    void badArchitectureAndWidthAreRefused() {
        Run unknown = run("export", "resnet9000", "-o", dir.resolve("x.tflite").toString());
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("resnet9000") && unknown.err().contains("mobilenetv2"), unknown.err());
        Run negative = run("export", "mobilenetv2", "--width", "-1", "-o", dir.resolve("x.tflite").toString());
        assertEquals(1, negative.code());
        assertTrue(negative.err().contains("width"), negative.err());
        Run notANumber = run("export", "mobilenetv2", "--width", "wide", "-o", dir.resolve("x.tflite").toString());
        assertEquals(2, notANumber.code());
        assertTrue(notANumber.err().contains("--width"), notANumber.err());
        assertFalse(Files.exists(dir.resolve("x.tflite")));
    }

    @Test
    void theReadmeModelVerifiesBitExactNatively() {
        Run v = run("verify", model.toString(), "--inputs", "5");
        assertEquals(0, v.code(), v.out() + v.err());
        assertTrue(v.out().contains(" 0 differ"), v.out());
    }

    @Test
    void compileRefusesWhatTheKernelsLackNamingOpAndIndex() throws Exception {
        Path grouped = dir.resolve("grouped.tflite");
        Files.write(grouped, dev.tinyforge.tflite.TfliteWriter.write(ConvNet.int8WithGroupedConv()));
        Run r = run("compile", grouped.toString(), "-o", dir.resolve("c-project").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("tinyforge: error: op 1 CONV_2D 'c1': grouped convolution (2 groups)"),
                r.err());
        // one truth for "fits": plan and build refuse what compile refuses, never "fits": true
        for (String[] cmd : List.of(new String[] {"plan", grouped.toString(), "--json"},
                new String[] {"build", grouped.toString(), "-o", dir.resolve("g-fw").toString()})) {
            Run p = run(cmd);
            assertEquals(1, p.code(), String.join(" ", cmd));
            assertFalse(p.out().contains("\"fits\""), p.out());
            assertTrue(p.err().contains("op 1 CONV_2D 'c1': grouped convolution"), p.err());
        }
    }

    @Test
    void evalPrintsTop1PerClassAndDrawsTheConfusionMatrix() throws Exception {
        Path m = dir.resolve("r8-fm.tflite");
        assertEquals(0, run("export", "resnet8", "--width", "0.25", "--resolution", "28", "-o", m.toString()).code());
        Path png = dir.resolve("confusion.png");
        Run r = run("eval", m.toString(), "--dataset", "fashion-mnist", "--limit", "50", "--png", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("top-1 ") && r.out().contains(" of 50)") && r.out().contains("Ankle boot"),
                r.out());
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertEquals("\u0089PNG", new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
        for (String[] bad : List.of(new String[] {"--dataset", "mnist"}, new String[] {"--dataset",
            "idx:" + dir.resolve("nowhere")}, new String[] {"--dataset", "images:" + dir.resolve("nowhere")})) {
            Run b = run("eval", m.toString(), bad[0], bad[1]);
            assertEquals(1, b.code(), String.join(" ", bad));
            assertTrue(b.err().startsWith("tinyforge: error: ") && b.err().strip().lines().count() == 1, b.err());
        }
    }

    @Test
    void trainWritesTheModelItsSummaryAndCurvesAndEvalAgrees() throws Exception {
        Path m = dir.resolve("trained.tflite");
        Run r = run("train", "resnet8", "--width", "0.25", "--resolution", "16", "--limit", "2000", "--epochs", "2",
                "--warmup", "0", "--batch", "32", "--calibration", "32", "--threads", "1", "--float", "-o",
                m.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("wrote " + m) && r.out().contains("test accuracy float "), r.out());
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("trained.json").toFile());
        assertEquals(10, summary.get("classes").asInt());
        assertEquals(1, summary.get("input_channels").asInt());
        assertEquals(2, summary.get("history").size());
        double int8 = summary.get("int8_test_accuracy").asDouble();
        assertTrue(int8 > 0.4, "two epochs on 1800 images learn something: " + int8);
        assertTrue(Files.size(dir.resolve("trained-curve.png")) > 1000);
        assertTrue(Files.size(dir.resolve("trained-float.tflite")) > Files.size(m));
        assertFalse(Files.exists(dir.resolve("trained.ckpt")), "the checkpoint goes once the model is written");
        Run e = run("eval", m.toString(), "--dataset", "fashion-mnist", "--json", "--png",
                dir.resolve("t.png").toString());
        assertEquals(0, e.code(), e.err());
        assertEquals(int8, new ObjectMapper().readTree(e.out()).get("top1").asDouble(), 1e-12,
                "eval measures what train reported");
        Run resume = run("train", "resnet8", "--resume", "-o", dir.resolve("other.tflite").toString());
        assertEquals(1, resume.code());
        assertTrue(resume.err().contains("--resume: no checkpoint"), resume.err());
    }

    @Test
    void trainWithQatRecordsBothInt8AccuraciesAndTheModelVerifies() throws Exception {
        Path m = dir.resolve("qat.tflite");
        Run neg = run("train", "resnet8", "--qat", "-1", "-o", m.toString());
        assertEquals(1, neg.code());
        assertEquals("tinyforge: error: --qat takes a number of fine-tuning epochs, 0 or more; got -1",
                neg.err().strip());
        Run r = run("train", "resnet8", "--width", "0.25", "--resolution", "16", "--limit", "1000", "--epochs", "1",
                "--warmup", "0", "--calibration", "16", "--threads", "1", "--qat", "1", "-o", m.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("after 1 QAT epochs"), r.out());
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("qat.json").toFile());
        assertEquals(1, summary.get("qat_epochs").asInt());
        assertTrue(summary.get("int8_ptq_test_accuracy").asDouble() > 0.1, summary.toString());
        assertEquals(2, summary.get("history").size());
        assertFalse(summary.get("history").get(0).get("qat").asBoolean());
        assertTrue(summary.get("history").get(1).get("qat").asBoolean());
        Run v = run("verify", m.toString(), "--inputs", "10");
        assertEquals(0, v.code(), v.out() + v.err());
        assertTrue(v.out().contains(" 0 differ"), v.out());
    }

    @Test
    void unreadableInputsGetOneLine() throws Exception {
        for (String path : List.of("/dev/zero", dir.toString())) {
            for (String command : List.of("inspect", "plan", "run", "verify")) {
                Run r = run(command, path);
                assertEquals(1, r.code(), command + " " + path);
                assertTrue(r.err().startsWith("tinyforge: error: ") && r.err().strip().lines().count() == 1
                        && !r.err().contains("Exception"), command + " " + path + ": " + r.err());
            }
        }
    }

    @Test
    void floatIoModelVerifiesBitExactNatively() throws Exception {
        Path m = dir.resolve("convnet-float-io.tflite");
        Files.write(m, dev.tinyforge.tflite.TfliteWriter.write(ConvNet.int8WithFloatIo()));
        Run v = run("verify", m.toString(), "--inputs", "20");
        assertEquals(0, v.code(), v.out() + v.err());
        assertTrue(v.out().contains("20 inputs") && v.out().contains(" 0 differ"), v.out());
    }

    @Test
    void compileWritesAProjectAndVerifyFindsNoDifference() throws Exception {
        Path m = dir.resolve("convnet.tflite");
        Files.write(m, dev.tinyforge.tflite.TfliteWriter.write(ConvNet.int8()));
        Path project = dir.resolve("convnet-c");
        Run c = run("compile", m.toString(), "-o", project.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(Files.exists(project.resolve("tfg_convnet.c")) && Files.exists(project.resolve("include/tfg_kernels.h"))
                && Files.exists(project.resolve("src/tfg_conv2d_s8.c")), c.out());
        Run v = run("verify", m.toString(), "--inputs", "20");
        assertEquals(0, v.code(), v.out() + v.err());
        assertTrue(v.out().contains("20 inputs") && v.out().contains(" 0 differ"), v.out());
        Run n = run("run", m.toString(), "--backend", "native");
        Run t = run("run", m.toString(), "--backend", "tflite");
        assertEquals(0, n.code(), n.err());
        assertEquals(t.out(), n.out());
    }

    @Test
    void wrongInputSizeNamesBothSizes() throws Exception {
        Path in = dir.resolve("small.bin");
        Files.write(in, new byte[10]);
        Run r = run("run", model.toString(), "--input", in.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("10 bytes") && r.err().contains("27648"), r.err());
    }

    @Test
    void boardsListsEveryBoardAsJson() {
        Run r = run("boards", "--json");
        assertEquals(0, r.code(), r.err());
        for (String id : List.of("stm32f746g-disco", "nucleo-h743zi", "rpi-pico", "corstone-300", "rpi5")) {
            assertTrue(r.out().contains("\"id\" : \"" + id + "\""), r.out());
        }
    }

    @Test
    void planReportsPeakFlashFitAndLayersAndDrawsTheChart() throws Exception {
        Path png = dir.resolve("plan.png");
        Run r = run("plan", model.toString(), "--json", "--compare", "--png", png.toString());
        assertEquals(0, r.code(), r.err());
        for (String key : List.of("\"peak_sram_bytes\"", "\"flash_bytes\"", "\"fits\" : true", "\"layers\"",
                "\"tflm_greedy_by_size\"")) {
            assertTrue(r.out().contains(key), key + " in " + r.out());
        }
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertEquals("\u0089PNG", new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
        Run bad = run("plan", model.toString(), "--board", "no-such-board");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("unknown board 'no-such-board'"), bad.err());
    }

    private static Path big160;

    /** MobileNetV2 0.5 at 160x160: over the nRF52840-DK's SRAM unpatched; exported once for the tests that use it. */
    private static synchronized Path big160() {
        if (big160 == null) {
            Path big = dir.resolve("big160.tflite");
            Run e = run("export", "mobilenetv2", "--width", "0.5", "--resolution", "160", "--classes", "10",
                    "--calibration", "2", "-o", big.toString());
            assertEquals(0, e.code(), e.err());
            big160 = big;
        }
        return big160;
    }

    @Test
    void planRefusesAnOverBudgetModelNamingBytesAndPeak() throws Exception {
        Path big = big160();
        Run r = run("plan", big.toString(), "--board", "nrf52840-dk");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("does not fit nrf52840-dk") && r.err().contains("over by ")
                && r.err().contains("the peak is at op "), r.err());
        // build refuses it with the plan's message before any compiler or linker runs
        Path fw = dir.resolve("big-fw");
        Run b = run("build", big.toString(), "--board", "nrf52840-dk", "-o", fw.toString());
        assertEquals(1, b.code(), b.out());
        assertTrue(b.err().contains("does not fit nrf52840-dk") && b.err().contains("over by ")
                && !b.err().contains("overflowed"), b.err());
        assertFalse(Files.exists(fw.resolve("firmware.elf")));
    }

    @Test
    void buildRefusesAModelOverTheFlashWithThePlansMessageNotTheLinkers() throws Exception {
        // a user's board (read from ~/.config/tinyforge/boards) with too little flash for m.tflite's weights
        Path home = dir.resolve("home");
        Path boards = Files.createDirectories(home.resolve(".config/tinyforge/boards"));
        String json = new String(MainTest.class.getResourceAsStream("/dev/tinyforge/boards/nucleo-f412zg.json")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        // too small for the weights alone (refused before compiling), and too small only once the code counts
        for (long flash : new long[] {262144, 485000}) {
            Files.writeString(boards.resolve("flash-" + flash + ".json"), json.replace("\"nucleo-f412zg\"",
                    "\"flash-" + flash + "\"").replace("1048576", Long.toString(flash)));
        }
        String saved = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            for (String board : List.of("flash-262144", "flash-485000")) {
                Path fw = dir.resolve(board + "-fw");
                Run b = run("build", model.toString(), "--board", board, "-o", fw.toString());
                assertEquals(1, b.code(), b.out());
                String what = board.equals("flash-262144") ? "weights and tables alone" : "weights, tables and code";
                assertTrue(b.err().contains("does not fit " + board + ": needs ") && b.err().contains("bytes of flash for "
                        + what + ", the board has " + board.substring(6) + " (over by "), b.err());
                assertFalse(b.err().contains("overflowed"), b.err());
                assertFalse(Files.exists(fw.resolve("firmware.elf")));
            }
        } finally {
            System.setProperty("user.home", saved);
        }
    }

    @Test
    void benchRunsTheFirmwareUnderQemuAndMatchesTflite() throws Exception {
        Path out = dir.resolve("bench-out.bin");
        Run r = run("bench", model.toString(), "--emulate", "--json", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertTrue(n.get("matches_tflite").asBoolean(), r.out());
        assertTrue(n.get("instructions").asLong() > 1_000_000, r.out());
        assertTrue(n.get("stack_bytes").asLong() > 0, r.out());
        assertEquals(ModelFit.staticRamBytes(n.get("arena_bytes").asLong()), n.get("ram_bytes").asLong(), r.out());
        Path ref = dir.resolve("bench-ref.bin");
        assertEquals(0, run("run", model.toString(), "-o", ref.toString()).code());
        assertArrayEquals(Files.readAllBytes(ref), Files.readAllBytes(out), "bench and run use the same seeded input");
    }

    @Test
    void buildWritesTheProjectAndFlashSaysWhenNoProbeIsAttached() throws Exception {
        Path fw = dir.resolve("fw");
        Run b = run("build", model.toString(), "-o", fw.toString());
        assertEquals(0, b.code(), b.err());
        for (String f : List.of("firmware.elf", "firmware-qemu.elf", "link.ld", "link-qemu.ld", "Makefile",
                "tfg_harness.c", "tfg_startup_cortexm.c")) {
            assertTrue(Files.exists(fw.resolve(f)), f);
        }
        // the harness's own RAM: a few counters, plus up to 7 bytes aligning the arena's end
        java.util.regex.Matcher h = java.util.regex.Pattern.compile("\\+ harness (\\d+) bytes").matcher(b.out());
        assertTrue(h.find() && Integer.parseInt(h.group(1)) <= 16, b.out());
        // this machine has no probe attached: the message says so instead of OpenOCD's trail
        Run f = run("flash", fw.toString());
        assertEquals(1, f.code(), f.out());
        assertTrue(f.err().contains("no debug probe found for stm32f746g-disco"), f.err());
        Run st = run("flash", fw.toString(), "--flasher", "st-flash");
        assertEquals(1, st.code(), st.out());
        assertTrue(st.err().contains("no debug probe found for stm32f746g-disco (st-flash:"), st.err());
        assertTrue(Files.size(fw.resolve("firmware.bin")) > 100_000, "the raw image st-flash writes");
        Run nrf = run("flash", fw.toString(), "--board", "nrf52840-dk", "--flasher", "st-flash");
        assertTrue(nrf.code() != 0 && nrf.err().contains("use --flasher openocd"), nrf.err());
        Run none = run("flash", dir.resolve("nothing-here").toString());
        assertTrue(none.code() != 0 && none.err().contains("build it first"), none.err());
    }

    @Test
    void benchReadsTheBoardsReportOverItsSerialPort() throws Exception {
        Path fw = dir.resolve("uart-fw");
        Run b = run("build", model.toString(), "--board", "nucleo-f412zg", "-o", fw.toString());
        assertEquals(0, b.code(), b.err());
        assertTrue(b.out().contains("console: stm32-usart-v1 at 0x40004800, 115200 baud"), b.out());
        assertTrue(Files.readString(fw.resolve("board/tfg_console.c")).contains("RCC_APB1ENR: USART3 clock"));
        // the stand-in plays the board: the same sources with QEMU's UART0 on a pseudo-terminal
        try (Emulator.SerialSession board = Emulator.startWithSerialPty(Boards.get("nucleo-f412zg"),
                fw.resolve("firmware-qemu.elf"))) {
            Run r = run("bench", model.toString(), "--board", "nucleo-f412zg", "--port", board.port(), "--no-flash",
                    "--json");
            assertEquals(0, r.code(), r.err());
            JsonNode n = new ObjectMapper().readTree(r.out());
            assertTrue(n.get("matches_tflite").asBoolean(), r.out());
            assertTrue(n.get("cycles").asLong() > 0 && n.get("latency_ms").asDouble() > 0, r.out());
            assertEquals("serial port " + board.port(), n.get("ran_on").asText());
            assertEquals(ModelFit.staticRamBytes(n.get("arena_bytes").asLong()), n.get("ram_bytes").asLong(), r.out());
            // another input is another firmware: bench says the board runs something else
            Run other = run("bench", model.toString(), "--board", "nucleo-f412zg", "--port", board.port(),
                    "--no-flash", "--seed", "5");
            assertEquals(1, other.code(), other.out());
            assertTrue(other.err().contains("runs firmware " + n.get("firmware").asText())
                    && other.err().contains("drop --no-flash"), other.err());
            // without --no-flash it flashes first, and this machine has no probe
            Run flash = run("bench", model.toString(), "--board", "nucleo-f412zg", "--port", board.port());
            assertEquals(1, flash.code(), flash.out());
            assertTrue(flash.err().contains("no debug probe found for nucleo-f412zg"), flash.err());
        }
        Run both = run("bench", model.toString(), "--emulate", "--port", "/dev/ttyACM0");
        assertEquals(2, both.code(), both.out());
        assertTrue(both.err().contains("Try 'tinyforge bench --help'"), both.err());
        Run help = run("bench", "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("--port=DEV") && help.out().contains("--no-flash"), help.out());
        Run linux = run("bench", model.toString(), "--board", "rpi4", "--port", "/dev/ttyACM0");
        assertTrue(linux.code() != 0 && linux.err().contains("runs Linux"), linux.err());
    }

    @Test
    void patchesMakeAnOverBudgetModelFitAndCompileToTheSameBytes() throws Exception {
        Path big = big160();
        Run none = run("plan", big.toString(), "--board", "nrf52840-dk", "--json");
        Run auto = run("plan", big.toString(), "--board", "nrf52840-dk", "--json", "--patches", "auto", "--compare");
        assertEquals(0, auto.code(), auto.err());
        for (String key : List.of("\"patches\" : {", "\"grid\"", "\"recompute_macs_percent\"", "\"with_patches\"",
                "\"in_patches\" : true")) {
            assertTrue(auto.out().contains(key), key + " in " + auto.out());
        }
        long unpatched = peak(none.out());
        long patched = peak(auto.out());
        assertTrue(patched < unpatched, patched + " vs " + unpatched);
        Run fixed = run("plan", big.toString(), "--patches", "6:4");
        assertEquals(0, fixed.code(), fixed.err());
        assertTrue(fixed.out().contains("first 6 ops on 4x4 patches"), fixed.out());
        Run bad = run("plan", big.toString(), "--patches", "7:4");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--patches 7:4") && bad.err().contains("legal stage lengths"), bad.err());
        Run bad2 = run("plan", big.toString(), "--patches", "x");
        assertEquals(1, bad2.code());
        assertTrue(bad2.err().contains("expected none, auto or N:p"), bad2.err());
        Path out = dir.resolve("patched");
        Run c = run("compile", big.toString(), "-o", out.toString(), "--patches", "6:3");
        assertEquals(0, c.code(), c.err());
        assertTrue(Files.readString(out.resolve("tfg_mobilenetv2.c")).contains("tfg_copy_rect_s8("));
        assertTrue(Files.exists(out.resolve("src/tfg_copy_rect_s8.c")));
        // the board's firmware: refused unpatched, built and bit-exact under QEMU with --patches auto
        Path fw = dir.resolve("patched-fw");
        Run refused = run("build", big.toString(), "--board", "nrf52840-dk", "-o", fw.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("--patches auto"), refused.err());
        Run built = run("build", big.toString(), "--board", "nrf52840-dk", "-o", fw.toString(), "--patches", "auto");
        assertEquals(0, built.code(), built.err());
        assertTrue(built.out().contains("patches: first "), built.out());
        Run bench = run("bench", big.toString(), "--board", "nrf52840-dk", "--emulate", "--patches", "auto", "--json");
        assertEquals(0, bench.code(), bench.err());
        JsonNode n = new ObjectMapper().readTree(bench.out());
        assertTrue(n.get("matches_tflite").asBoolean(), bench.out());
        assertEquals(patched, n.get("arena_bytes").asLong(), "the firmware's arena is the patched plan's");
        assertEquals(ModelFit.staticRamBytes(patched), n.get("ram_bytes").asLong(), bench.out());
    }

    private static long peak(String json) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"peak_sram_bytes\" : (\\d+)").matcher(json);
        assertTrue(m.find(), json);
        return Long.parseLong(m.group(1));
    }
}
