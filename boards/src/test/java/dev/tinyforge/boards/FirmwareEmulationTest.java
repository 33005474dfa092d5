package dev.tinyforge.boards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.plan.PatchPlan;
import dev.tinyforge.plan.PatchPlanner;
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
import java.util.List;
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
        check(arch, width, resolution, boardId, 0, QuantizeOptions.defaults(), dir);
    }

    /**
     * TFLite's 16x8 mode on the board: int16 inputs embedded by the harness, int16 outputs, the s16
     * kernels, and the word-aligned arena on a Cortex-M0+ (which faults on unaligned halfwords).
     */
    @ParameterizedTest(name = "{0} {1}/{2} on {3}, 16x8")
    @CsvSource({
        "mbv2-se, 0.35, 64, stm32f746g-disco",
        "resnet8, 0.35, 32, rpi-pico",
    })
    void int16FirmwareMatchesTflite(String arch, double width, int resolution, String boardId, @TempDir Path dir)
            throws IOException {
        check(arch, width, resolution, boardId, 0, QuantizeOptions.defaults().withMode(QuantizeOptions.Mode.INT16X8),
                dir);
    }

    /**
     * Patch-based inference on the board: MobileNetV2 0.35 at 144x144 (248 KB arena unpatched) with
     * the plan that fits a 100 KB arena budget; the RAM is the patched arena plus the harness bytes.
     */
    @ParameterizedTest(name = "{0} {1}/{2} on {3}, patches for a {4} B arena")
    @CsvSource({
        "mobilenetv2, 0.35, 144, stm32f746g-disco, 100000",
        "mcunet, 0.35, 96, corstone-300, 40000",
    })
    void patchedFirmwareMatchesTflite(String arch, double width, int resolution, String boardId, long arenaBudget,
            @TempDir Path dir) throws IOException {
        check(arch, width, resolution, boardId, arenaBudget, QuantizeOptions.defaults(), dir);
    }

    /**
     * A model larger than the Corstone-300's 512 KB ITCM (MobileNetV2 0.35/96/10: about 517 KB of code and
     * constants) links with the constants that do not fit in the board's RODATA region (the AN547's
     * 2 MB SRAM) and runs to TFLite's bytes under QEMU mps3-an547; code and vectors stay in the ITCM.
     */
    @org.junit.jupiter.api.Test
    void constantsOverflowingTheItcmRunFromTheRodataRegion(@TempDir Path dir) throws IOException {
        BoardSpec board = Boards.get("corstone-300");
        FirmwareBuilder.Build build = check("mobilenetv2", 0.35, 96, "corstone-300", 0, QuantizeOptions.defaults(), dir);
        long spilled = build.sizes().section(".rodata2");
        assertTrue(build.sizes().flashBytes() > board.flashBytes(), "the firmware (" + build.sizes().flashBytes()
                + " B) is larger than the ITCM (" + board.flashBytes() + " B)");
        assertTrue(spilled > 0 && spilled <= board.rodataRegion().bytes(), ".rodata2 " + spilled);
        long inFlash = build.sizes().flashBytes() - spilled;
        assertTrue(inFlash <= board.flashBytes(), "FLASH holds " + inFlash + " B");
        String qemuScript = java.nio.file.Files.readString(build.dir().resolve(FirmwareProject.QEMU_LINKER_SCRIPT));
        assertTrue(qemuScript.contains("RODATA (r)   : ORIGIN = 0x01000000, LENGTH = 2097152"), qemuScript);
    }

    /** @param arenaBudget 0: unpatched; else the patch plan with the fewest recomputed MACs under this arena */
    private static FirmwareBuilder.Build check(String arch, double width, int resolution, String boardId, long arenaBudget,
            QuantizeOptions options, Path dir) throws IOException {
        byte[] tflite = ExportPipeline.run(new ExportPipeline.Request(Zoo.get(arch),
                new ZooConfig(width, resolution, 10, 3, 1), false, 2, options), Progress.NONE)
                .tflite();
        Graph g = TfliteReader.read(tflite, arch);
        BoardSpec board = Boards.get(boardId);
        byte[] input = new byte[(int) g.input(0).sizeBytes()];
        new SplittableRandom(resolution * 31L + arch.hashCode()).nextBytes(input);

        PatchPlan patches = arenaBudget == 0 ? null : PatchPlanner.choose(g, board.target(), arenaBudget).orElseThrow();
        ModelPlan plan = ModelPlan.of(g, board.target(), patches);
        FlashModel flashModel = FlashModel.of(plan, board, FirmwareProject.Console.SEMIHOSTING);
        ModelFit fit = new ModelFit(board, plan, flashModel);
        long arena = patches == null ? fit.sramBytes() : patches.arenaBytes();
        assertTrue(patches != null || fit.fits(), String.join("\n", fit.problems()));
        assertTrue(patches == null || arena <= arenaBudget, "patched arena " + arena);
        FirmwareBuilder.Build build = FirmwareBuilder.build(FirmwareProject.of(plan, board, List.of(input),
                new FirmwareProject.Options(2, "test", FirmwareProject.Console.SEMIHOSTING)), dir, Progress.NONE);
        Emulator.Run run = Emulator.run(board, build.qemuElf());

        byte[] expected;
        try (Runner ref = new TfliteRunner(tflite, arch, RunnerOptions.reference())) {
            expected = ref.run(input);
        }
        assertArrayEquals(expected, run.report().output(), arch + " on " + boardId + " (" + run.command() + ")");
        String line = String.format("%s %s/%d%s on %s%s: output == TFLite (%d bytes)", arch, width, resolution,
                g.input(0).dtype() == dev.tinyforge.ir.DType.INT16 ? " 16x8" : "", boardId,
                patches == null ? "" : " with " + patches.describe(), expected.length);
        if (!board.isLinux()) {
            assertEquals(ModelFit.staticRamBytes(build.arenaBytes()), build.sizes().ramBytes(),
                    "RAM = arena + harness");
            assertEquals(arena, build.arenaBytes(), "the firmware's arena is the plan's");
            long flash = build.sizes().flashBytes() - input.length;
            double off = Math.abs(flash - fit.flashBytes()) / (double) fit.flashBytes();
            assertTrue(off <= 0.02, "flash " + flash + " (without the embedded input) vs plan " + fit.flashBytes());
            assertEquals("systick", run.report().timer());
            assertTrue(run.instructions() > 0 && run.report().stackBytes() > 0
                    && run.report().stackBytes() < LinkerScript.STACK_RESERVE_BYTES, "stack " + run.report().stackBytes());
            assertEquals(run.report().ticks().get(0), run.report().ticks().get(1), 1,
                    "-icount makes runs repeatable to the tick");
            line += String.format(", %,d instructions, stack %d B, RAM %d = arena %d + %d, flash %d vs plan %d (%.2f%%)",
                    run.instructions(), run.report().stackBytes(), build.sizes().ramBytes(), build.arenaBytes(),
                    build.sizes().ramBytes() - build.arenaBytes(), flash, fit.flashBytes(), off * 100);
        }
        System.out.println(line);
        return build;
    }
}
