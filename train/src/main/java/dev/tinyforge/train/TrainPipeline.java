package dev.tinyforge.train;

import dev.tinyforge.data.Augment;
import dev.tinyforge.data.BatchLoader;
import dev.tinyforge.data.DataSplits;
import dev.tinyforge.data.Dataset;
import dev.tinyforge.data.Fitted;
import dev.tinyforge.data.ImageShape;
import dev.tinyforge.data.SimpleBatches;
import dev.tinyforge.data.Split;
import dev.tinyforge.data.Subset;
import dev.tinyforge.eval.Evaluation;
import dev.tinyforge.eval.Evaluator;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.Runners;
import dev.tinyforge.tflite.TfliteWriter;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Architecture;
import dev.tinyforge.zoo.ZooConfig;
import dev.tinyforge.zoo.ZooModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * From an architecture and a dataset to a trained int8 model with measured accuracy: the network
 * built at the data's class count and channels, trained in libtorch on the training set less a
 * validation tenth, written back, its batch norms folded, calibrated on training images (not
 * synthetic ones), quantized, and both the float network and the int8 model measured on the test set.
 * What is trained is the graph that is deployed: the same IR, exported by {@link ExportPipeline}.
 */
public final class TrainPipeline {
    /** The share of the training set held out for per-epoch validation. */
    public static final double VALIDATION = 0.1;

    private TrainPipeline() {
    }

    /**
     * @param width the width multiplier, or {@code null} for the architecture's
     * @param resolution the input resolution, or {@code null} for the architecture's
     * @param trainLimit train on a seeded sample of this many images (CI and quick runs), or {@code null}
     * @param calibrationImages training images the int8 ranges are calibrated on
     * @param checkpoint the checkpoint file written after every epoch, or {@code null}
     * @param resume continue from {@code checkpoint} instead of starting afresh
     * @param qat the quantization-aware fine-tuning after float training ({@link QatOptions#NONE}: none)
     */
    public record Request(Architecture architecture, Double width, Integer resolution, DataSplits data,
            TrainOptions options, Augment augment, Integer trainLimit, int calibrationImages, QuantizeOptions quantize,
            Path checkpoint, boolean resume, QatOptions qat) {
        public Request {
            if (calibrationImages < 1) {
                throw new IllegalArgumentException("calibration needs at least 1 image, got " + calibrationImages);
            }
            if (resume && checkpoint == null) {
                throw new IllegalArgumentException("resuming needs a checkpoint file");
            }
            if (qat == null) {
                qat = QatOptions.NONE;
            }
            if (qat.epochs() > 0) {
                QuantizationAwareTraining.check(qat, quantize);
            }
        }

        /** Float training and post-training quantization, no fine-tuning. */
        public Request(Architecture architecture, Double width, Integer resolution, DataSplits data,
                TrainOptions options, Augment augment, Integer trainLimit, int calibrationImages,
                QuantizeOptions quantize, Path checkpoint, boolean resume) {
            this(architecture, width, resolution, data, options, augment, trainLimit, calibrationImages, quantize,
                    checkpoint, resume, QatOptions.NONE);
        }
    }

    /**
     * @param trained the float-trained network (before any quantization-aware fine-tuning)
     * @param exported the int8 model written: post-training quantized, or fine-tuned when {@code qatEpochs > 0}
     * @param floatTflite the float-trained network as a float model (batch norms folded)
     * @param history float epochs, then the fine-tuning's (flagged {@link EpochRecord#qat()})
     * @param floatTest the float-trained network on the test set
     * @param ptqTest the post-training quantized int8 model on the test set (before fine-tuning)
     * @param int8Test the int8 model written on the test set: {@code ptqTest} without fine-tuning
     * @param agreement the share of test images on which the int8 model written and the float network
     *     predict the same class
     */
    public record Result(ZooConfig config, ZooModel trained, ExportPipeline.Result exported, byte[] floatTflite,
            TrainingHistory history, FloatEvaluator.Result floatTest, Evaluation ptqTest, Evaluation int8Test,
            int qatEpochs, double agreement, double seconds) {
    }

    public static Result run(Request r, Progress progress) {
        long start = System.nanoTime();
        Dataset all = r.data().train();
        ImageShape dataShape = all.shape();
        ZooConfig d = r.architecture().defaultConfig();
        int resolution = r.resolution() != null ? r.resolution() : d.resolution();
        ZooConfig config = new ZooConfig(r.width() != null ? r.width() : d.width(), resolution, all.classes(),
                dataShape.channels(), r.options().seed());
        ImageShape modelShape = new ImageShape(resolution, resolution, dataShape.channels());
        Dataset source = r.trainLimit() != null ? Subset.sample(all, r.trainLimit(), r.options().seed()) : all;
        Split split = Split.of(source, VALIDATION, r.options().seed());
        Dataset train = Fitted.to(split.train(), modelShape);
        Dataset validation = Fitted.to(split.validation(), modelShape);
        Dataset test = Fitted.to(r.data().test(), modelShape);

        ZooModel model = r.architecture().build(config);
        TorchNet net = TorchNet.lower(model, TrainingHints.of(r.architecture().spec()));
        Trainer trainer = new Trainer(r.options(), progress);
        TrainingHistory history;
        ZooModel trained;
        ExportPipeline.Result exported;
        FloatEvaluator.Result floatTest;
        Evaluation ptqTest;
        Evaluation int8Test;
        try (BatchLoader loader = BatchLoader.builder(train, r.options().batchSize()).optSeed(r.options().seed())
                .optShuffle(true).optAugment(r.augment()).build()) {
            SimpleBatches val = new SimpleBatches(validation, r.options().batchSize(), 0, false);
            history = r.resume() ? trainer.resume(net, r.checkpoint(), loader, val)
                    : trainer.train(net, loader, val, r.checkpoint());
            floatTest = FloatEvaluator.evaluate(net, new SimpleBatches(test, r.options().batchSize(), 0, false),
                    progress);
            ZooModel written = net.writeBack();
            trained = new ZooModel(written.graph().toBuilder()
                    .metadata("training", "libtorch, " + all.name() + ", " + train.size() + " images, "
                            + history.epochs().size() + " epochs, " + r.options().optimizer() + ", seed "
                            + r.options().seed())
                    .build(), written.batchNorms());

            List<List<float[]>> calibration = new ArrayList<>();
            Dataset calib = Subset.sample(train, Math.min(r.calibrationImages(), train.size()),
                    r.options().seed() + 1);
            for (int i = 0; i < calib.size(); i++) {
                float[] x = new float[modelShape.size()];
                calib.image(i, x, 0);
                calibration.add(List.of(x));
            }
            exported = ExportPipeline.export(trained, calibration, all.name() + ", " + calibration.size()
                    + " training images", false, r.quantize(), progress);
            ptqTest = evaluate(exported.tflite(), r, progress);
            int8Test = ptqTest;
            if (r.qat().epochs() > 0) {
                QuantizationAwareTraining.Result q = QuantizationAwareTraining.run(exported.floatGraph(), calibration,
                        TrainingHints.of(r.architecture().spec()), r.options(), r.qat(), history.epochs().size() + 1,
                        loader, val, r.quantize(), progress);
                for (EpochRecord e : q.history().epochs()) {
                    history = history.plus(e);
                }
                ExportPipeline.Result ptq = exported;
                exported = new ExportPipeline.Result(ptq.floatGraph(), q.exported().exported(),
                        q.exported().tflite(), calibration);
                int8Test = evaluate(exported.tflite(), r, progress);
            }
        }
        byte[] floatTflite = TfliteWriter.write(exported.floatGraph());
        int same = 0;
        for (int i = 0; i < int8Test.images(); i++) {
            same += int8Test.predictions()[i] == floatTest.predictions()[i] ? 1 : 0;
        }
        double agreement = (double) same / int8Test.images();
        return new Result(config, trained, exported, floatTflite, history, floatTest, ptqTest, int8Test,
                r.qat().epochs(), agreement, (System.nanoTime() - start) / 1e9);
    }

    /** The int8 model's top-1 on the test set, through TFLite's interpreter. */
    private static Evaluation evaluate(byte[] tflite, Request r, Progress progress) {
        try (Runner runner = Runners.open("tflite", tflite, r.architecture().name(), RunnerOptions.reference())) {
            return Evaluator.evaluate(runner, r.architecture().name(), r.data().test(), progress);
        }
    }
}
