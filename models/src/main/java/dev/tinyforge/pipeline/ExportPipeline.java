package dev.tinyforge.pipeline;

import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.quant.BatchNormFolder;
import dev.tinyforge.quant.Calibrator;
import dev.tinyforge.quant.QuantizationValidator;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.quant.SyntheticData;
import dev.tinyforge.tflite.TfliteWriter;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Architecture;
import dev.tinyforge.zoo.ZooConfig;
import dev.tinyforge.zoo.ZooModel;
import java.util.ArrayList;
import java.util.List;

/**
 * From a zoo architecture to {@code .tflite} bytes: build with seeded random weights, fold batch
 * normalisation (statistics estimated on calibration inputs), calibrate activation ranges with the
 * float executor, quantize to int8 with TFLite's conventions, validate, write.
 *
 * <p>Until training exists, calibration inputs are {@link SyntheticData} images drawn with a seed
 * derived from the model seed, so the same request always gives the same bytes.
 */
public final class ExportPipeline {

    /** Tool name and version recorded in every exported model's metadata. */
    public static final String TOOL = "tinyforge 0.1.0";

    private ExportPipeline() {
    }

    /** What to export. */
    public record Request(Architecture architecture, ZooConfig config, boolean floatModel, int calibrationInputs,
            QuantizeOptions quantizeOptions) {
        public Request {
            if (calibrationInputs < 1) {
                throw new IllegalArgumentException("calibration needs at least 1 input, got " + calibrationInputs);
            }
        }
    }

    /**
     * The float graph (BN folded), the exported graph (float or int8), its {@code .tflite} bytes and the
     * calibration inputs.
     *
     * @param samples per calibration sample, one value array per graph input
     */
    public record Result(Graph floatGraph, Graph exported, byte[] tflite, List<List<float[]>> samples) {
        /** The calibration values of the first input, one array per sample. */
        public List<float[]> calibration() {
            return samples.stream().map(s -> s.get(0)).toList();
        }
    }

    /** Seed of the calibration inputs for a model seed (kept apart from the weight stream). */
    public static long calibrationSeed(long modelSeed) {
        return modelSeed * 0x9E3779B97F4A7C15L + 0x5EED;
    }

    /**
     * Synthetic calibration samples: for input k, {@link SyntheticData} images with the calibration seed
     * plus k (input 0 keeps the seed a single-input model has always used).
     */
    static List<List<float[]>> calibration(Graph g, int count, long modelSeed) {
        List<List<float[]>> perInput = new ArrayList<>();
        for (int k = 0; k < g.inputs().size(); k++) {
            List<float[]> images = SyntheticData.images(g.input(k).shape(), count, calibrationSeed(modelSeed) + k);
            for (int i = 0; i < count; i++) {
                if (perInput.size() <= i) {
                    perInput.add(new ArrayList<>());
                }
                perInput.get(i).add(images.get(i));
            }
        }
        return perInput.stream().map(List::copyOf).toList();
    }

    public static Result run(Request request, Progress progress) {
        ZooModel model = request.architecture().build(request.config());
        List<List<float[]>> calibration = calibration(model.graph(), request.calibrationInputs(),
                request.config().seed());
        return export(model, calibration, "synthetic images, " + calibration.size() + " inputs",
                request.floatModel(), request.quantizeOptions(), progress);
    }

    /**
     * From a float network to {@code .tflite} bytes: fold its batch norms (with their statistics, or
     * estimated on the calibration samples where it has none), calibrate activation ranges on the
     * samples, quantize, validate, write. A trained network comes here with images of its training set.
     *
     * @param calibration per sample, one value array per graph input
     * @param calibrationNote what the samples are, recorded in the model's metadata
     */
    public static Result export(ZooModel model, List<List<float[]>> calibration, String calibrationNote,
            boolean floatModel, QuantizeOptions options, Progress progress) {
        progress.update("folding batch norm", 0, 1);
        Graph folded = BatchNormFolder.foldSamples(model.graph(), model.batchNorms(), calibration);
        progress.update("folding batch norm", 1, 1);
        Graph withProvenance = folded.toBuilder()
                .metadata("tool", TOOL)
                .metadata("calibration", calibrationNote)
                .build();
        if (floatModel) {
            return new Result(withProvenance, withProvenance, TfliteWriter.write(withProvenance), calibration);
        }
        Calibrator calibrator = new Calibrator();
        FloatExecutor executor = new FloatExecutor(withProvenance);
        for (int i = 0; i < calibration.size(); i++) {
            calibrator.observe(executor.runAll(calibration.get(i)));
            progress.update("calibrating", i + 1, calibration.size());
        }
        Graph int8 = QuantizePass.quantize(withProvenance, calibrator.ranges(), options);
        QuantizationValidator.validate(int8);
        return new Result(withProvenance, int8, TfliteWriter.write(int8), calibration);
    }
}
