package dev.tinyforge.cli;

import dev.tinyforge.data.Augment;
import dev.tinyforge.data.DataSplits;
import dev.tinyforge.eval.Evaluation;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.train.EpochRecord;
import dev.tinyforge.train.LearningCurveChart;
import dev.tinyforge.train.OptimizerKind;
import dev.tinyforge.train.QatOptions;
import dev.tinyforge.train.TrainOptions;
import dev.tinyforge.train.TrainPipeline;
import dev.tinyforge.zoo.Architecture;
import dev.tinyforge.zoo.Zoo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tinyforge train}: an architecture trained on a dataset in libtorch, calibrated on training
 * images, written as an int8 {@code .tflite} with {@code MODEL.json} (float and int8 test accuracy,
 * their agreement, params, MACs, the options and the per-epoch history) and the learning curves as a
 * PNG. A checkpoint beside the model after every epoch lets {@code --resume} continue a killed run.
 * With {@code --qat E}, E epochs of quantization-aware fine-tuning follow, and the int8 model written
 * is the fine-tuned one; {@code MODEL.json} then holds the int8 accuracy before (post-training
 * quantization) and after.
 */
@Command(name = "train", description = "Train an architecture on a dataset (PyTorch, CPU) and write the int8 .tflite, MODEL.json and the learning curves.")
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ARCH|SPEC.json", description = "A zoo architecture or a spec file.")
    String arch;

    @Option(names = "--dataset", defaultValue = "fashion-mnist", paramLabel = "D",
            description = "fashion-mnist, idx:DIR or images:DIR (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--width", paramLabel = "W", description = "Width multiplier (default: the architecture's).")
    Double width;

    @Option(names = "--resolution", paramLabel = "R", description = "Input resolution (default: the architecture's).")
    Integer resolution;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "B", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", paramLabel = "LR", description = "Peak learning rate (default: 0.05 for sgd, 0.002 for adamw).")
    Double lr;

    @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "sgd|adamw",
            description = "SGD with Nesterov momentum 0.9, or AdamW (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--weight-decay", paramLabel = "WD", description = "Weight decay of conv and FC weights (default: 4e-5 for sgd, 0.01 for adamw).")
    Double weightDecay;

    @Option(names = "--label-smoothing", defaultValue = "0.1", paramLabel = "S", description = "Default: ${DEFAULT-VALUE}.")
    double labelSmoothing;

    @Option(names = "--warmup", defaultValue = "1", paramLabel = "E", description = "Warm-up epochs (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--crop-padding", paramLabel = "P", description = "Random-crop padding in pixels (default: resolution / 8; 0 for none).")
    Integer cropPadding;

    @Option(names = "--flip", description = "Random horizontal flips (for data where a mirror image is the same class).")
    boolean flip;

    @Option(names = "--limit", paramLabel = "N", description = "Train on a seeded sample of N images of the training set.")
    Integer limit;

    @Option(names = "--calibration", defaultValue = "256", paramLabel = "N", description = "Training images to calibrate int8 ranges on (default: ${DEFAULT-VALUE}).")
    int calibration;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "T", description = "libtorch threads (default: the available processors). The same seed and thread count give the same weights.")
    Integer threads;

    @Option(names = "--resume", description = "Continue the run whose checkpoint is MODEL.ckpt.")
    boolean resume;

    @Option(names = "--qat", defaultValue = "0", paramLabel = "E",
            description = "Quantization-aware fine-tuning epochs after float training and calibration (default: ${DEFAULT-VALUE}, none).")
    int qat;

    @Option(names = "--float", description = "Also write the float model as MODEL-float.tflite.")
    boolean floatModel;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "MODEL.tflite", description = "The int8 model.")
    Path output;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        QatOptions qatOptions = QatOptions.of(qat);
        Architecture a = Zoo.resolve(arch);
        ModelFiles.checkOutputFile(output);
        Path json = sibling(output, ".json");
        Path curve = sibling(output, "-curve.png");
        Path checkpoint = sibling(output, ".ckpt");
        Path floatFile = sibling(output, "-float.tflite");
        if (resume && !Files.isRegularFile(checkpoint)) {
            throw new IllegalArgumentException("--resume: no checkpoint " + checkpoint + " (a run with -o " + output
                    + " writes it after every epoch)");
        }
        if (!resume && Files.exists(checkpoint)) {
            throw new IllegalArgumentException(checkpoint + " exists from an earlier run: continue it with --resume,"
                    + " or delete it to start afresh");
        }
        OptimizerKind kind = switch (optimizer.toLowerCase(Locale.ROOT)) {
            case "sgd" -> OptimizerKind.SGD_NESTEROV;
            case "adamw" -> OptimizerKind.ADAMW;
            default -> throw new IllegalArgumentException("--optimizer " + optimizer + ": expected sgd or adamw");
        };
        boolean adam = kind == OptimizerKind.ADAMW;
        TrainOptions options = new TrainOptions(epochs, batch, lr != null ? lr : adam ? 0.002 : 0.05, kind,
                weightDecay != null ? weightDecay : adam ? 0.01 : 4e-5, Math.min(warmup, epochs), labelSmoothing,
                seed, threads != null ? threads : Runtime.getRuntime().availableProcessors());
        DataSplits data = DataSplits.open(dataset);
        int res = resolution != null ? resolution : a.defaultConfig().resolution();
        Augment augment = new Augment(cropPadding != null ? cropPadding : res / 8, flip);
        PrintWriter err = spec.commandLine().getErr();
        err.printf("training %s on %s: %d training images (%d held out for validation), %s%n", a.name(),
                data.train().name(), limit != null ? Math.min(limit, data.train().size()) : data.train().size(),
                Math.round(TrainPipeline.VALIDATION * (limit != null ? Math.min(limit, data.train().size())
                        : data.train().size())), options);
        TrainPipeline.Result r = TrainPipeline.run(new TrainPipeline.Request(a, width, res, data, options, augment,
                limit, calibration, QuantizeOptions.defaults(), checkpoint, resume, qatOptions), new ConsoleProgress(err));

        ModelFiles.write(output, r.exported().tflite());
        if (floatModel) {
            ModelFiles.write(floatFile, r.floatTflite());
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        LearningCurveChart.png(a.name() + " on " + data.train().name(), r.history(), png);
        ModelFiles.write(curve, png.toByteArray());
        ModelFiles.write(json, Json.write(summary(a, r)).getBytes(StandardCharsets.UTF_8));
        Files.deleteIfExists(checkpoint);

        Graph g = r.exported().exported();
        Evaluation e = r.int8Test();
        String int8 = r.qatEpochs() == 0 ? String.format(Locale.ROOT, "int8 %.2f%%", 100 * e.accuracy())
                : String.format(Locale.ROOT, "int8 %.2f%% after %d QAT epochs (%.2f%% before)", 100 * e.accuracy(),
                        r.qatEpochs(), 100 * r.ptqTest().accuracy());
        spec.commandLine().getOut().printf("wrote %s: %s w%s r%d, %d classes, params %s, MACs %s; test accuracy "
                + "float %.2f%%, %s (%d images, same class %.2f%%); %s, %s; %.0f s%n", output, a.name(),
                r.config().width(), r.config().resolution(), r.config().classes(), Format.count(g.params()),
                Format.count(g.macs()), 100 * r.floatTest().accuracy(), int8, e.images(),
                100 * r.agreement(), json.getFileName(), curve.getFileName(), r.seconds());
        return 0;
    }

    private Map<String, Object> summary(Architecture a, TrainPipeline.Result r) {
        Graph g = r.exported().exported();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", output.getFileName().toString());
        m.put("architecture", a.name());
        m.put("width", r.config().width());
        m.put("resolution", r.config().resolution());
        m.put("input_channels", r.config().inputChannels());
        m.put("classes", r.config().classes());
        m.put("dataset", dataset);
        m.put("params", g.params());
        m.put("macs", g.macs());
        m.put("float_test_accuracy", r.floatTest().accuracy());
        m.put("int8_test_accuracy", r.int8Test().accuracy());
        m.put("qat_epochs", r.qatEpochs());
        m.put("int8_ptq_test_accuracy", r.ptqTest().accuracy());
        m.put("int8_float_agreement", r.agreement());
        m.put("test_images", r.int8Test().images());
        m.put("seconds", r.seconds());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("epochs", epochs);
        o.put("batch", batch);
        o.put("optimizer", optimizer);
        o.put("seed", seed);
        o.put("limit", limit);
        o.put("calibration_images", calibration);
        o.put("qat", qat);
        m.put("options", o);
        List<Map<String, Object>> history = new ArrayList<>();
        for (EpochRecord e : r.history().epochs()) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("epoch", e.epoch());
            h.put("train_loss", e.trainLoss());
            h.put("train_accuracy", e.trainAccuracy());
            h.put("validation_loss", e.validationLoss());
            h.put("validation_accuracy", e.validationAccuracy());
            h.put("learning_rate", e.learningRate());
            h.put("images_per_second", e.imagesPerSecond());
            h.put("seconds", e.seconds());
            h.put("qat", e.qat());
            history.add(h);
        }
        m.put("history", history);
        return m;
    }

    /** MODEL.tflite's companion file: MODEL plus {@code suffix}. */
    static Path sibling(Path model, String suffix) {
        String name = model.getFileName().toString().replaceFirst("\\.tflite$", "");
        return model.toAbsolutePath().resolveSibling(name + suffix);
    }
}
