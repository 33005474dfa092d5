package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.boards.BatchFirmware;
import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Boards;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ops.Pad;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.SyntheticData;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.TfliteReader;
import dev.tinyforge.tflite.TfliteWriter;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * MobileNetV2 0.35/96/10 with an explicit PAD before each strided depthwise convolution on the Cortex-M7
 * stand-in (stm32f746g-disco on QEMU mps2-an500: the DSP paths, the in-place depthwise with its padded
 * plane): the PADs folded, its output is TFLite's (which runs them), and it plans to and runs in the
 * arena and about the instructions of the model without PADs.
 */
class PadFoldingFirmwareTest {

    @Test
    void explicitPadsFoldOnTheM7() throws Exception {
        byte[] plain = ExportPipeline.run(new ExportPipeline.Request(Zoo.get("mobilenetv2"),
                new ZooConfig(0.35, 96, 10, 3, 1), false, 8, QuantizeOptions.defaults()), Progress.NONE).tflite();
        Graph g = TfliteReader.read(plain, "mobilenetv2");
        byte[] model = TfliteWriter.write(ExplicitPads.beforeStridedDepthwise(g));
        Graph padded = TfliteReader.read(model, "mobilenetv2 explicit pads");
        assertEquals(4, padded.ops().stream().filter(o -> o.kind() == Pad.OP).count());
        BoardSpec board = Boards.get("stm32f746g-disco");
        assertEquals(ModelPlan.of(g, board.target()).arenaBytes(), ModelPlan.of(padded, board.target()).arenaBytes());

        List<BatchFirmware.Case> cases = new ArrayList<>();
        List<float[]> images = SyntheticData.images(g.input(0).shape(), 1, 5);
        SplittableRandom rnd = new SplittableRandom(96);
        for (int i = 0; i < 2; i++) {
            byte[] x = new byte[(int) g.input(0).sizeBytes()];
            if (i == 0) {
                x = ModelIo.encode(images.get(0), g.input(0));
            } else {
                rnd.nextBytes(x);
            }
            byte[] expected;
            try (Runner ref = new TfliteRunner(model, "mobilenetv2 explicit pads", RunnerOptions.reference())) {
                expected = ref.run(x);
            }
            cases.add(new BatchFirmware.Case(0, x, expected));
            cases.add(new BatchFirmware.Case(1, x, expected)); // the model without PADs gives the same bytes
        }
        Path dir = Files.createTempDirectory("tfg-batch-padfold-");
        BatchFirmware.Result r = BatchFirmware.run(List.of(padded, g), cases, board, dir);
        assertEquals(List.of(), r.differences(), "firmware in " + dir);
        assertEquals(List.of(), r.scratchMismatches());
        assertEquals(cases.size(), r.cases());
        long[] per = r.caseInstructions();
        assertTrue(per[0] > 0 && per[1] > 0, "the SysTick instruction count");
        System.out.printf("mobilenetv2 0.35/96 on %s: explicit PADs folded %,d instructions, without PADs %,d; "
                + "arena %d B both; %d cases == TFLite%n", board.id(), per[0], per[1],
                ModelPlan.of(padded, board.target()).arenaBytes(), r.cases());
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
