package dev.tinyforge.boards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Firmware built with arm-none-eabi-gcc (aarch64-linux-gnu-gcc for the Pis) and run on QEMU: the
 * emulated output equals TFLite's built-in kernels on the same input, the linker's RAM is the planned
 * arena plus the stated harness bytes, and flash is within 2% of the flash model. Every zoo
 * architecture at MCU scale on the M7 stand-in, two of them on every other stand-in.
 */
class FirmwareEmulationTest {

    @ParameterizedTest(name = "{0} {1}/{2} on {3}")
    @CsvSource({
        "mobilenetv2, 0.35, 96, stm32f746g-disco",
        "mnasnet-a1, 0.35, 96, stm32f746g-disco",
        "mcunet, 0.35, 96, stm32f746g-disco",
        "mcunet-vww1, 0.35, 96, stm32f746g-disco",
        "mcunet-5fps, 0.35, 96, stm32f746g-disco",
        "proxyless-w0.25-r112, 0.35, 96, stm32f746g-disco",
        "mbv2-se, 0.35, 96, stm32f746g-disco",
        "resnet8, 0.35, 32, stm32f746g-disco",
        "resnet8, 0.35, 32, rpi-pico",
        "mcunet, 0.35, 64, rpi-pico",
        "resnet8, 0.35, 32, nrf52840-dk",
        "mobilenetv2, 0.35, 64, nucleo-f412zg",
        "resnet8, 0.35, 32, corstone-300",
        "mcunet, 0.35, 64, corstone-300",
        "resnet8, 0.35, 32, nucleo-h743zi",
        "resnet8, 0.35, 32, rpi4",
        "mobilenetv2, 0.35, 64, rpi5",
    })
    void emulatedFirmwareMatchesTflite(String arch, double width, int resolution, String boardId, @TempDir Path dir)
            throws IOException {
        byte[] tflite = ExportPipeline.run(new ExportPipeline.Request(Zoo.get(arch),
                new ZooConfig(width, resolution, 10, 3, 1), false, 2, QuantizeOptions.defaults()), Progress.NONE)
                .tflite();
        Graph g = TfliteReader.read(tflite, arch);
        BoardSpec board = Boards.get(boardId);
        byte[] input = new byte[(int) g.input(0).sizeBytes()];
        new SplittableRandom(resolution * 31L + arch.hashCode()).nextBytes(input);

        ModelFit fit = ModelFit.of(g, board);
        assertTrue(fit.fits(), String.join("\n", fit.problems()));
        FirmwareBuilder.Build build = FirmwareBuilder.build(FirmwareProject.of(g, board, input, 2, "test"), dir,
                Progress.NONE);
        Emulator.Run run = Emulator.run(board, build.qemuElf());

        byte[] expected;
        try (Runner ref = new TfliteRunner(tflite, arch, RunnerOptions.reference())) {
            expected = ref.run(input);
        }
        assertArrayEquals(expected, run.report().output(), arch + " on " + boardId + " (" + run.command() + ")");
        String line = String.format("%s %s/%d on %s: output == TFLite (%d bytes)", arch, width, resolution, boardId,
                expected.length);
        if (!board.isLinux()) {
            assertEquals(build.arenaBytes() + ModelFit.HARNESS_RAM_BYTES, build.sizes().ramBytes(),
                    "RAM = arena + harness");
            assertEquals(fit.sramBytes(), build.arenaBytes(), "the firmware's arena is the plan's");
            long flash = build.sizes().flashBytes() - input.length;
            double off = Math.abs(flash - fit.flashBytes()) / (double) fit.flashBytes();
            assertTrue(off <= 0.02, "flash " + flash + " (without the embedded input) vs plan " + fit.flashBytes());
            assertEquals("systick", run.report().timer());
            assertTrue(run.instructions() > 0 && run.report().stackBytes() > 0
                    && run.report().stackBytes() < LinkerScript.STACK_RESERVE_BYTES, "stack " + run.report().stackBytes());
            assertEquals(run.report().ticks().get(0), run.report().ticks().get(1), 1,
                    "-icount makes runs repeatable to the tick");
            line += String.format(", %,d instructions, stack %d B, RAM %d = arena + %d, flash %d vs plan %d (%.2f%%)",
                    run.instructions(), run.report().stackBytes(), build.sizes().ramBytes(), ModelFit.HARNESS_RAM_BYTES,
                    flash, fit.flashBytes(), off * 100);
        }
        System.out.println(line);
    }
}
