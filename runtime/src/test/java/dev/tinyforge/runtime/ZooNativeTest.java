package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.SyntheticData;
import dev.tinyforge.runtime.host.HostRunner;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.TfliteReader;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Architecture;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole zoo models, generated C versus TFLite's built-in kernels, tolerance 0: three width/resolution
 * settings per architecture, 20 inputs each (10 from the calibration distribution, 10 uniform int8).
 */
class ZooNativeTest {

    static List<ZooConfig> settings(Architecture a) {
        if (a.defaultConfig().resolution() <= 32) {
            return List.of(new ZooConfig(1.0, 32, 10, 3, 1), new ZooConfig(0.5, 28, 10, 1, 2),
                    new ZooConfig(0.75, 24, 7, 3, 3));
        }
        return List.of(new ZooConfig(0.35, 96, 10, 3, 1), new ZooConfig(0.5, 64, 10, 1, 2),
                new ZooConfig(0.25, 48, 5, 3, 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mobilenetv2", "mnasnet-a1", "mcunet", "mcunet-vww1", "mcunet-5fps", "proxyless-w0.25-r112",
        "resnet8", "mbv2-se"})
    void generatedCMatchesTfliteOnWholeModels(String name) {
        Architecture a = Zoo.get(name);
        List<byte[]> models = new ArrayList<>();
        List<Graph> graphs = new ArrayList<>();
        for (ZooConfig c : settings(a)) {
            byte[] m = ExportPipeline.run(new ExportPipeline.Request(a, c, false, 8, QuantizeOptions.defaults()),
                    Progress.NONE).tflite();
            models.add(m);
            graphs.add(TfliteReader.read(m, name));
        }
        List<HostRunner> natives = HostRunner.compileAll(graphs, name);
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        long bytes = 0;
        for (int s = 0; s < graphs.size(); s++) {
            Graph g = graphs.get(s);
            List<float[]> images = SyntheticData.images(g.input(0).shape(), 10, 99 + s);
            try (Runner ref = new TfliteRunner(models.get(s), name, RunnerOptions.reference())) {
                for (int i = 0; i < 20; i++) {
                    byte[] x = new byte[(int) g.input(0).elements()];
                    if (i < 10) {
                        x = ModelIo.quantize(images.get(i), g.input(0).quant());
                    } else {
                        rnd.nextBytes(x);
                    }
                    byte[] expected = ref.run(x);
                    assertArrayEquals(expected, natives.get(s).run(x), name + " setting " + s + " input " + i);
                    bytes += expected.length;
                }
            }
        }
        System.out.printf("%s: 3 settings x 20 inputs, %d output bytes, 0 differ%n", name, bytes);
    }
}
