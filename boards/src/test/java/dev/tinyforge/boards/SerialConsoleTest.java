package dev.tinyforge.boards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.TfliteReader;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The UART console and {@link SerialHarness}: firmware built with {@code --console uart} runs on the
 * board's QEMU stand-in with its UART0 on a pseudo-terminal ({@code -serial pty}), and the host reads
 * the report through jSerialComm exactly as from a board's virtual COM port. Every board's own UART
 * driver (STM32 USART v1/v2, LPUART, nRF52 UART) is compiled and linked for its board.
 */
class SerialConsoleTest {
    private static byte[] tflite;
    private static Graph graph;
    private static byte[] input;

    @BeforeAll
    static void model() throws IOException {
        tflite = ExportPipeline.run(new ExportPipeline.Request(Zoo.get("resnet8"), new ZooConfig(0.25, 32, 10, 3, 1),
                false, 2, QuantizeOptions.defaults()), Progress.NONE).tflite();
        graph = TfliteReader.read(tflite, "resnet8");
        input = new byte[(int) graph.input(0).sizeBytes()];
        new SplittableRandom(7).nextBytes(input);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nucleo-f412zg", "stm32f746g-disco", "corstone-300"})
    void reportsOverTheSerialPortEveryTimeTheHostAsks(String boardId, @TempDir Path dir) throws IOException {
        BoardSpec board = Boards.get(boardId);
        FirmwareProject project = FirmwareProject.of(graph, board, input,
                new FirmwareProject.Options(2, "test", FirmwareProject.Console.UART));
        FirmwareBuilder.Build build = FirmwareBuilder.build(project, dir, Progress.NONE);
        byte[] expected;
        try (Runner ref = new TfliteRunner(tflite, "resnet8", RunnerOptions.reference())) {
            expected = ref.run(input);
        }
        try (Emulator.SerialSession qemu = Emulator.startWithSerialPty(board, build.qemuElf())) {
            for (int round = 0; round < 2; round++) {
                HarnessReport r = SerialHarness.read(qemu.port(), 115200, Duration.ofSeconds(60));
                assertArrayEquals(expected, r.output(), "round " + round + " on " + qemu.port());
                assertEquals(project.firmwareId(), r.firmwareId());
                assertEquals(2, r.ticks().size());
                assertTrue(r.stackBytes() > 0 && r.stackBytes() < LinkerScript.STACK_RESERVE_BYTES);
            }
        }
        assertEquals(ModelFit.staticRamBytes(build.arenaBytes()), build.sizes().ramBytes(),
                "the UART console adds no RAM");
    }

    @Test
    void everyBoardsOwnUartDriverBuildsForItsCore(@TempDir Path dir) throws IOException {
        List<String> built = new ArrayList<>();
        for (BoardSpec board : Boards.all()) {
            if (board.isLinux() || board.console() == null) {
                continue;
            }
            FirmwareProject project = FirmwareProject.of(graph, board, input,
                    new FirmwareProject.Options(1, "test", FirmwareProject.Console.UART));
            assertTrue(project.files().containsKey(FirmwareProject.BOARD_ONLY + board.console().family().driver()));
            FirmwareBuilder.Build build = FirmwareBuilder.build(project, dir.resolve(board.id()), Progress.NONE);
            assertEquals(ModelFit.staticRamBytes(build.arenaBytes()), build.sizes().ramBytes(), board.id());
            built.add(board.id() + " (" + board.console().family().id() + ")");
        }
        assertTrue(built.size() >= 6, "boards with a console: " + built);
        System.out.println("UART console built for " + built);
    }

    @Test
    void theFirmwareIdFollowsEverySource() {
        BoardSpec board = Boards.get("nucleo-f412zg");
        FirmwareProject.Options options = new FirmwareProject.Options(2, "test", FirmwareProject.Console.UART);
        String id = FirmwareProject.of(graph, board, input, options).firmwareId();
        assertEquals(id, FirmwareProject.of(graph, board, input, options).firmwareId(), "deterministic");
        byte[] other = input.clone();
        other[0] ^= 1;
        assertFalse(id.equals(FirmwareProject.of(graph, board, other, options).firmwareId()), "input");
        assertFalse(id.equals(FirmwareProject.of(graph, board, input,
                new FirmwareProject.Options(3, "test", FirmwareProject.Console.UART)).firmwareId()), "runs");
        assertFalse(id.equals(FirmwareProject.of(graph, Boards.get("nrf52840-dk"), input, options).firmwareId()),
                "board");
    }

    @Test
    void aBoardWithoutAConsoleIsToldWhatToAdd() {
        var e = assertThrows(IllegalArgumentException.class, () -> FirmwareProject.of(graph, Boards.get("rpi-pico"),
                input, new FirmwareProject.Options(1, "test", FirmwareProject.Console.UART)));
        assertTrue(e.getMessage().contains("rpi-pico has no \"console\""), e.getMessage());
    }

    @Test
    void aSilentPortTimesOutSayingWhatCame(@TempDir Path dir) throws IOException {
        BoardSpec board = Boards.get("nucleo-f412zg");
        FirmwareBuilder.Build build = FirmwareBuilder.build(FirmwareProject.of(graph, board, input,
                new FirmwareProject.Options(1, "test", FirmwareProject.Console.UART)), dir, Progress.NONE);
        // the stand-in stopped before the first instruction (-S): the UART never says a word
        try (Emulator.SerialSession qemu = Emulator.startWithSerialPty(board, build.qemuElf(), "-S")) {
            var e = assertThrows(ToolException.class, () -> SerialHarness.read(qemu.port(), 115200, Duration.ofSeconds(4)));
            assertTrue(e.getMessage().contains("no complete harness report on " + qemu.port() + " within 4 s; it sent "
                    + "nothing"), e.getMessage());
        }
    }

    @Test
    void aMissingPortIsNamed() {
        var e = assertThrows(ToolException.class,
                () -> SerialHarness.read("/dev/tinyforge-no-such-port", 115200, Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("/dev/tinyforge-no-such-port"), e.getMessage());
    }
}
