package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * settings per architecture, 20 inputs each (10 from the calibration distribution, 10 uniform int8), and
 * the architectures whose ops all have 16x8 kernels exported in TFLite's 16x8 mode (int16 activations).
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
        compare(name, QuantizeOptions.defaults());
    }

    /**
     * 16x8: convolutions, depthwise, ADD, MEAN, FULLY_CONNECTED, SOFTMAX, and the squeeze-excitation of
     * MnasNet and mbv2-se (MEAN with keep_dims, LOGISTIC, MUL), all with int16 activations.
     */
    @ParameterizedTest
    @ValueSource(strings = {"resnet8", "mobilenetv2", "mnasnet-a1", "mbv2-se"})
    void generatedCMatchesTfliteOnWholeModels16x8(String name) {
        compare(name, QuantizeOptions.defaults().withMode(QuantizeOptions.Mode.INT16X8));
    }

    private static void compare(String name, QuantizeOptions options) {
        Architecture a = Zoo.get(name);
        List<byte[]> models = new ArrayList<>();
        List<Graph> graphs = new ArrayList<>();
        for (ZooConfig c : settings(a)) {
            byte[] m = ExportPipeline.run(new ExportPipeline.Request(a, c, false, 8, options),
                    Progress.NONE).tflite();
            models.add(m);
            graphs.add(TfliteReader.read(m, name));
            assertEquals(options.mode().activations(), graphs.get(graphs.size() - 1).input(0).dtype());
        }
        List<HostRunner> natives = HostRunner.compileAll(graphs, name);
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        long bytes = 0;
        for (int s = 0; s < graphs.size(); s++) {
            Graph g = graphs.get(s);
            List<float[]> images = SyntheticData.images(g.input(0).shape(), 10, 99 + s);
            try (Runner ref = new TfliteRunner(models.get(s), name, RunnerOptions.reference())) {
                for (int i = 0; i < 20; i++) {
                    byte[] x = new byte[(int) g.input(0).sizeBytes()];
                    if (i < 10) {
                        x = ModelIo.encode(images.get(i), g.input(0));
                    } else {
                        rnd.nextBytes(x);
                    }
                    byte[] expected = ref.run(x);
                    assertArrayEquals(expected, natives.get(s).run(x), name + " setting " + s + " input " + i);
                    bytes += expected.length;
                }
            }
        }
        System.out.printf("%s (%s): 3 settings x 20 inputs, %d output bytes, 0 differ%n", name, options.mode().label(),
                bytes);
    }
}
