package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.cgen.CSource;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ops.Pad;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.plan.MemoryPlanner;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.SyntheticData;
import dev.tinyforge.runtime.host.HostRunner;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.target.Target;
import dev.tinyforge.tflite.TfliteReader;
import dev.tinyforge.tflite.TfliteWriter;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's padding item on a whole model: MobileNetV2 0.35/96/10 with an explicit PAD before each
 * strided depthwise convolution (as Keras' MobileNetV2 has them) plans to the same arena as the model
 * without them on the Cortex-M7 target, its C calls no PAD kernel, and it gives TFLite's bytes (TFLite
 * runs the PADs).
 */
class PadFoldingNativeTest {
    static final Target M7 = Target.cortexM("cortex-m7", "armv7e-m", "fpv5-sp-d16");

    @Test
    void explicitPadsCostNoArenaAndTheOutputIsTflites() {
        byte[] plain = ExportPipeline.run(new ExportPipeline.Request(Zoo.get("mobilenetv2"),
                new ZooConfig(0.35, 96, 10, 3, 1), false, 8, QuantizeOptions.defaults()), Progress.NONE).tflite();
        Graph g = TfliteReader.read(plain, "mobilenetv2");
        byte[] model = TfliteWriter.write(ExplicitPads.beforeStridedDepthwise(g));
        Graph padded = TfliteReader.read(model, "mobilenetv2 with explicit pads");
        long pads = padded.ops().stream().filter(o -> o.kind() == Pad.OP).count();
        assertEquals(4, pads, "MobileNetV2's strided depthwise convolutions");

        for (Target t : List.of(M7, Target.host())) {
            ModelPlan folded = ModelPlan.of(padded, t);
            long withPads = MemoryPlanner.plan(padded, t).arenaBytes();
            System.out.printf("%s: arena %d B without PADs, %d B with PADs folded, %d B with PADs kept%n", t.name(),
                    ModelPlan.of(g, t).arenaBytes(), folded.arenaBytes(), withPads);
            assertEquals(ModelPlan.of(g, t).arenaBytes(), folded.arenaBytes(), t.name());
            assertTrue(withPads > folded.arenaBytes(), t.name() + ": kept PADs cost arena");
            assertEquals(0, folded.graph().ops().stream().filter(o -> o.kind() == Pad.OP).count());
            CSource c = CEmitter.emit(folded, "tfg_mbv2_pads", "test");
            for (KernelCall k : c.calls()) {
                assertFalse(k.sources().contains("tfg_pad_s8"), "a PAD kernel runs: " + k.summary());
            }
            assertFalse(c.source().contains("tfg_pad_s8("));
        }

        List<float[]> images = SyntheticData.images(padded.input(0).shape(), 5, 7);
        SplittableRandom rnd = new SplittableRandom(14);
        long bytes = 0;
        try (HostRunner c = HostRunner.open(model, "mobilenetv2 explicit pads");
                Runner ref = new TfliteRunner(model, "mobilenetv2 explicit pads", RunnerOptions.reference())) {
            for (int i = 0; i < 10; i++) {
                byte[] x = new byte[(int) padded.input(0).sizeBytes()];
                if (i < 5) {
                    x = ModelIo.encode(images.get(i), padded.input(0));
                } else {
                    rnd.nextBytes(x);
                }
                byte[] expected = ref.run(x);
                assertArrayEquals(expected, c.run(x), "input " + i);
                bytes += expected.length;
            }
        }
        System.out.printf("mobilenetv2 0.35/96 with 4 explicit PADs: 10 inputs, %d output bytes, 0 differ%n", bytes);
    }
}
