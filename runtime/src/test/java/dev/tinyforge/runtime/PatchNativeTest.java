package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.cgen.CSource;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.plan.MemoryPlanner;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.plan.PatchPlan;
import dev.tinyforge.plan.PatchPlanner;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.SyntheticData;
import dev.tinyforge.runtime.host.HostRunner;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.target.Target;
import dev.tinyforge.tflite.TfliteReader;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Patch-based inference, generated C versus TFLite's built-in kernels, tolerance 0: for each model,
 * stage lengths from the first op to the longest legal stage, grids of 2, 3 and 5 (uneven tiles where
 * the size is not a multiple, padding only at the image border), and the plan {@code choose} picks for a
 * budget between the patched minimum and the unpatched arena.
 */
class PatchNativeTest {
    private static final Target HOST = Target.host();


    @ParameterizedTest
    @CsvSource({"mobilenetv2, 0.35, 64", "mcunet, 0.35, 72", "mnasnet-a1, 0.25, 56", "resnet8, 0.5, 30",
        "proxyless-w0.25-r112, 0.35, 50", "mbv2-se, 0.35, 48"})
    void patchedCMatchesTflite(String arch, double width, int resolution) {
        byte[] model = ExportPipeline.run(new ExportPipeline.Request(Zoo.get(arch),
                new ZooConfig(width, resolution, 10, 3, 5), false, 4, QuantizeOptions.defaults()), Progress.NONE)
                .tflite();
        Graph g = TfliteReader.read(model, arch);
        List<Integer> legal = PatchPlanner.legalPrefixes(g);
        assertTrue(!legal.isEmpty(), arch + " has no legal patch stage");
        List<PatchPlan> plans = new ArrayList<>();
        int[][] picks = {{0, 2}, {legal.size() / 3, 3}, {legal.size() / 2, 5}, {2 * legal.size() / 3, 2},
            {legal.size() - 1, 3}};
        for (int[] pick : picks) {
            int n = legal.get(pick[0]);
            Tensor out = g.tensor(g.ops().get(n - 1).output());
            int grid = Math.min(pick[1], Math.min(out.dim(1), out.dim(2)));
            if (grid >= 2) {
                plans.add(PatchPlanner.plan(g, HOST, n, grid));
            }
        }
        long unpatched = MemoryPlanner.plan(g).arenaBytes();
        PatchPlan smallest = PatchPlanner.smallest(g, HOST).orElseThrow();
        plans.add(PatchPlanner.choose(g, HOST, smallest.arenaBytes() + Math.max(0, unpatched - smallest.arenaBytes()) / 2)
                .orElseThrow());
        List<Graph> graphs = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            graphs.add(g);
            CSource c = CEmitter.emit(ModelPlan.patched(g, HOST, plans.get(i)), "tfg_check", "test");
            assertEquals(plans.get(i).arenaBytes(), c.arenaBytes());
            assertTrue(c.source().contains("tfg_copy_rect_s8("), "the stage is emitted as patches");
        }
        List<HostRunner> natives = HostRunner.compileAll(graphs, plans, arch);
        List<float[]> images = SyntheticData.images(g.input(0).shape(), 3, 7);
        SplittableRandom rnd = new SplittableRandom(arch.hashCode());
        long bytes = 0;
        try (Runner ref = new TfliteRunner(model, arch, RunnerOptions.reference())) {
            for (int i = 0; i < 6; i++) {
                byte[] x = new byte[(int) g.input(0).elements()];
                if (i < 3) {
                    x = ModelIo.quantize(images.get(i), g.input(0).quant());
                } else {
                    rnd.nextBytes(x);
                }
                byte[] expected = ref.run(x);
                for (int s = 0; s < plans.size(); s++) {
                    assertArrayEquals(expected, natives.get(s).run(x), arch + " " + plans.get(s).describe()
                            + " input " + i);
                    bytes += expected.length;
                }
            }
        }
        StringBuilder what = new StringBuilder();
        for (PatchPlan p : plans) {
            what.append(String.format(java.util.Locale.ROOT, " %d:%d", p.ops(), p.grid()));
        }
        System.out.printf("%s %.2f/%d: (ops:grid)%s, unpatched arena %d, smallest patched %d (%s); "
                + "%d output bytes, 0 differ%n", arch, width, resolution, what, unpatched, smallest.arenaBytes(),
                smallest.describe(), bytes);
    }
}
