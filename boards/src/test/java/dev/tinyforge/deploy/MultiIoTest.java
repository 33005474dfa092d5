package dev.tinyforge.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Boards;
import dev.tinyforge.boards.FirmwareProject;
import dev.tinyforge.boards.ModelFit;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.host.HostRunner;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.TfliteReader;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Models with several inputs or outputs through every layer: exported from the zoo (multitask: one
 * image, three outputs; twostream: two images), read back, run natively, planned for the board, and
 * run under QEMU on the STM32F746G-DISCO's stand-in through the {@link BoardRunner}, every output
 * TFLite's bytes.
 */
class MultiIoTest {

    @ParameterizedTest(name = "{0}: {1} inputs, {2} outputs")
    @CsvSource({"multitask, 1, 3", "twostream, 2, 1"})
    void everyOutputIsTflitesOnTheHostAndOnTheBoard(String arch, int inputs, int outputs) throws IOException {
        byte[] tflite = ExportPipeline.run(new ExportPipeline.Request(Zoo.get(arch), new ZooConfig(0.5, 48, 10, 3, 3),
                false, 4, QuantizeOptions.defaults()), Progress.NONE).tflite();
        Graph g = TfliteReader.read(tflite, arch + ".tflite");
        assertEquals(inputs, g.inputs().size());
        assertEquals(outputs, g.outputs().size());
        SplittableRandom rnd = new SplittableRandom(arch.hashCode());
        List<List<byte[]>> samples = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            List<byte[]> x = new ArrayList<>();
            for (String in : g.inputs()) {
                byte[] b = new byte[(int) g.tensor(in).sizeBytes()];
                rnd.nextBytes(b);
                x.add(b);
            }
            samples.add(x);
        }
        List<List<byte[]>> expected = new ArrayList<>();
        try (Runner ref = new TfliteRunner(tflite, arch, RunnerOptions.reference());
                Runner nat = HostRunner.open(tflite, arch)) {
            for (List<byte[]> x : samples) {
                List<byte[]> e = ref.run(x);
                List<byte[]> a = nat.run(x);
                assertEquals(outputs, e.size());
                for (int o = 0; o < outputs; o++) {
                    assertArrayEquals(e.get(o), a.get(o), arch + " native output " + o);
                }
                expected.add(e);
            }
        }
        BoardSpec board = Boards.get("stm32f746g-disco");
        ModelFit fit = FirmwareJob.of(arch, "test", g, board, null, null, 1, FirmwareProject.Console.SEMIHOSTING)
                .fit();
        assertTrue(fit.fits(), String.join("\n", fit.problems()));
        BoardRunner.Measurement m = BoardRunner.open(arch, "test", g, board, null, BoardRunner.Options.emulated())
                .measure(samples.get(0));
        List<byte[]> got = m.report().outputs();
        assertEquals(outputs, got.size());
        for (int o = 0; o < outputs; o++) {
            assertArrayEquals(expected.get(0).get(o), got.get(o), arch + " on " + board.id() + " output " + o);
        }
        assertTrue(m.instructions() > 0);
        assertEquals(ModelFit.staticRamBytes(fit.sramBytes()), m.build().sizes().ramBytes(), "RAM = arena + harness");
        System.out.printf("%s: %d inputs, %d outputs, native and %s (%,d instructions) == TFLite%n", arch, inputs,
                outputs, board.id(), m.instructions());
    }
}
