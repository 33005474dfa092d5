package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.SyntheticData;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.TfliteReader;
import dev.tinyforge.tflite.TfliteWriter;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Architecture;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every zoo architecture exported as int8 and as float {@code .tflite}, run through TFLite's built-in
 * kernels: the files load and run, the int8 model agrees with the float one, export is
 * deterministic, and export → import → export is byte-identical.
 */
class ZooExportTest {
    /** Inputs compared between the int8 and the float model's outputs. */
    private static final int AGREEMENT_INPUTS = 200;

    static Stream<String> architectures() {
        return Zoo.all().stream().map(Architecture::name);
    }

    /** MCU-scale configuration: width 0.35, 10 classes, resolution 96 (32 for the CIFAR-style nets). */
    static ZooConfig small(Architecture a, long seed) {
        int resolution = a.defaultConfig().resolution() <= 32 ? 32 : 96;
        return new ZooConfig(0.35, resolution, 10, 3, seed);
    }

    private static ExportPipeline.Result export(Architecture a, ZooConfig c, boolean floatModel, int calibration) {
        return ExportPipeline.run(new ExportPipeline.Request(a, c, floatModel, calibration, QuantizeOptions.defaults()),
                Progress.NONE);
    }

    /**
     * The int8 model tracks the float one where rounding alone explains the difference: after the
     * stem (input, weight and output rounding: about 1%) and after the fourth op. Measured over the
     * zoo at this configuration: 1.2-1.4% and 2.8-4.9%.
     *
     * <p>Deeper, the difference of these randomly initialised networks grows by about 1.5x per layer:
     * batch-normalised random ReLU networks amplify any perturbation with depth (Yang et al. 2019,
     * "A mean field theory of batch normalization"), while each int8 op alone stays within a few
     * output steps of float (OpConformanceTest). So the top-1 agreement of whole random networks is
     * reported, and checked only to be well above chance, by {@link #argmaxAgreementIsAboveChance}.
     */
    @ParameterizedTest
    @MethodSource("architectures")
    void int8TracksFloatThroughTheFirstLayers(String name) {
        Architecture a = Zoo.get(name);
        ExportPipeline.Result r = export(a, small(a, 7), false, 16);
        List<float[]> inputs = SyntheticData.images(r.floatGraph().input(0).shape(), 8, 4242);
        assertTrue(relativeError(r, 0, inputs) <= 0.02, name + " stem");
        assertTrue(relativeError(r, 3, inputs) <= 0.06, name + " op 3");
    }

    /** The same value for every input of a graph (the zoo's multi-input models take images of one shape). */
    private static <T> List<T> copies(T x, Graph g) {
        return java.util.Collections.nCopies(g.inputs().size(), x);
    }

    /** RMS of (dequantized int8 − float) over RMS of float, for the output of op {@code index}. */
    private static double relativeError(ExportPipeline.Result r, int index, List<float[]> inputs) {
        Graph q = r.exported();
        String tensor = q.ops().get(index).output();
        Graph truncated = q.toBuilder().outputs(List.of(tensor)).build();
        FloatExecutor exec = new FloatExecutor(r.floatGraph());
        double err = 0;
        double sig = 0;
        try (Runner runner = new TfliteRunner(TfliteWriter.write(truncated), tensor, RunnerOptions.reference())) {
            for (float[] x : inputs) {
                float[] y = ModelIo.decode(runner.run(copies(ModelIo.encode(x, q.input(0)), q)).get(0),
                        runner.outputs().get(0));
                float[] f = exec.runAll(copies(x, q)).get(tensor);
                for (int i = 0; i < f.length; i++) {
                    err += (y[i] - f[i]) * (double) (y[i] - f[i]);
                    sig += f[i] * (double) f[i];
                }
            }
        }
        double rel = Math.sqrt(err / sig);
        System.out.printf("%s: op %d '%s' int8 vs float relative RMS error %.4f%n", q.name(), index, tensor, rel);
        return rel;
    }

    /**
     * Top-1 agreement of int8 and float over 200 inputs of the calibration distribution, printed with
     * the largest probability difference. Measured at this configuration: 28-85% (10 classes; ResNet-8 at 32 px 99.5%), far
     * from the 95% a trained network reaches, for the reason given on
     * {@link #int8TracksFloatThroughTheFirstLayers}; asserted to be at least twice chance.
     */
    @ParameterizedTest
    @MethodSource("architectures")
    void argmaxAgreementIsAboveChance(String name) {
        Architecture a = Zoo.get(name);
        ZooConfig c = small(a, 7);
        ExportPipeline.Result int8 = export(a, c, false, 16);
        ExportPipeline.Result flt = export(a, c, true, 16);
        Graph q = int8.exported();
        assertEquals(DType.INT8, q.input(0).dtype());
        assertEquals(DType.INT8, q.output(0).dtype());
        List<float[]> inputs = SyntheticData.images(q.input(0).shape(), AGREEMENT_INPUTS, 4242);
        int agree = 0;
        float maxError = 0;
        try (Runner ri = new TfliteRunner(int8.tflite(), name + "-int8", RunnerOptions.reference());
                Runner rf = new TfliteRunner(flt.tflite(), name + "-float", RunnerOptions.reference())) {
            assertArrayEquals(new int[] {1, 10}, ri.outputs().get(0).shape());
            for (float[] x : inputs) {
                float[] yq = ModelIo.decode(ri.run(copies(ModelIo.encode(x, q.input(0)), q)).get(0),
                        ri.outputs().get(0));
                float[] yf = ModelIo.toFloats(rf.run(copies(ModelIo.floats(x), q)).get(0));
                if (ModelIo.argmax(yq) == ModelIo.argmax(yf)) {
                    agree++;
                }
                for (int i = 0; i < yf.length; i++) {
                    maxError = Math.max(maxError, Math.abs(yq[i] - yf[i]));
                }
            }
        }
        System.out.printf("%s: int8/float argmax agreement %d/%d, max |p_int8 - p_float| %.4f%n", name, agree,
                AGREEMENT_INPUTS, maxError);
        assertTrue(agree >= AGREEMENT_INPUTS / 5, name + ": argmax agrees on only " + agree + "/" + AGREEMENT_INPUTS);
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void exportIsDeterministicAndSurvivesImport(String name) {
        Architecture a = Zoo.get(name);
        ZooConfig c = small(a, 3);
        for (boolean floatModel : new boolean[] {false, true}) {
            byte[] first = export(a, c, floatModel, 4).tflite();
            byte[] second = export(a, c, floatModel, 4).tflite();
            assertArrayEquals(first, second, name + ": same seed must give the same bytes");
            Graph imported = TfliteReader.read(first, name + ".tflite");
            assertArrayEquals(first, TfliteWriter.write(imported), name + ": export -> import -> export changed bytes");
        }
        byte[] otherSeed = export(a, new ZooConfig(c.width(), c.resolution(), c.classes(), c.inputChannels(), 4), false, 4)
                .tflite();
        assertTrue(!java.util.Arrays.equals(otherSeed, export(a, c, false, 4).tflite()), "seeds must matter");
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void defaultConfigurationLoadsAndRunsInTflite(String name) {
        Architecture a = Zoo.get(name);
        ZooConfig c = a.defaultConfig();
        for (boolean floatModel : new boolean[] {false, true}) {
            ExportPipeline.Result r = export(a, c, floatModel, 2);
            try (Runner runner = new TfliteRunner(r.tflite(), name, RunnerOptions.reference())) {
                TensorInfo in = runner.inputs().get(0);
                assertArrayEquals(new int[] {1, c.resolution(), c.resolution(), c.inputChannels()}, in.shape());
                float[] y = ModelIo.decode(runner.run(copies(ModelIo.encode(r.calibration().get(0),
                        r.exported().input(0)), r.exported())).get(0), runner.outputs().get(0));
                assertEquals(c.classes(), y.length);
                float sum = 0;
                for (float v : y) {
                    sum += v;
                }
                assertEquals(1.0f, sum, floatModel ? 1e-3f : 0.05f + c.classes() / 256f, name + ": softmax sums to 1");
            }
        }
    }
}
