package dev.tinyforge.train;

import dev.tinyforge.data.BatchSource;
import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.quant.Calibrator;
import dev.tinyforge.quant.QuantizationValidator;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.quant.Range;
import dev.tinyforge.tflite.TfliteWriter;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.ZooModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.pytorch.global.torch;

/**
 * Quantization-aware fine-tuning after float training, for when post-training quantization loses
 * accuracy: the network with its batch norms folded (as the export folds them), trained further with
 * TFLite's int8 scheme simulated in the libtorch graph, then quantized with the ranges it was tuned
 * with, so that the int8 model written is the network that was fine-tuned.
 *
 * <ul>
 *   <li>Weights: the folded convolution and fully connected weights and their biases are trained;
 *       every forward pass uses them fake-quantized ({@link FakeQuant#weights}). Biases are not
 *       fake-quantized: int32 at scale input × weight scale, their rounding is below the
 *       activations'.</li>
 *   <li>Activations: every graph input and op output fake-quantized with the scale and zero point
 *       {@code QuantizePass} derives from its range ({@link ActivationQuantizer}). The ranges start
 *       at the post-training calibration's (on the same training images); during every epoch but the
 *       last, a moving average of each batch's min and max follows the changing weights, and the
 *       quantization is recomputed from it before each epoch. The last epoch trains with the ranges
 *       frozen, and those are the ranges the export uses: the exported activations are quantized
 *       exactly as in the epoch that produced the weights. (Recalibrating after training would
 *       quantize with ranges the weights were not tuned for.)</li>
 *   <li>Optimization: the float run's optimizer and options with the learning rate scaled by
 *       {@link QatOptions#learningRateFraction()}, no warm-up, cosine decay to 0, fresh optimizer
 *       state; straight-through gradients.</li>
 * </ul>
 * The fine-tuning keeps no checkpoint: it is deterministic, so a resumed run repeats it from the
 * float run's last checkpoint and reaches the same bytes.
 */
public final class QuantizationAwareTraining {
    private QuantizationAwareTraining() {
    }

    /**
     * @param history the fine-tuning epochs, numbered on from the float run's and flagged {@code qat}
     * @param tuned the fine-tuned float network (batch norms folded)
     * @param exported the fine-tuned float graph, the int8 graph and its {@code .tflite}
     * @param ranges the activation ranges the int8 model was quantized with
     */
    public record Result(TrainingHistory history, ZooModel tuned, ExportPipeline.Result exported,
            Map<String, Range> ranges) {
    }

    /**
     * @param folded the float-trained network with its batch norms folded (the export's float graph)
     * @param calibration the post-training calibration samples (per sample, one array per input)
     * @param floatRun the options of the float training, which the fine-tuning derives its own from
     * @param firstEpoch the number the first fine-tuning epoch gets in the history (the float run's epochs + 1)
     */
    public static Result run(Graph folded, List<List<float[]>> calibration, TrainingHints hints, TrainOptions floatRun,
            QatOptions qat, int firstEpoch, BatchSource train, BatchSource validation, QuantizeOptions quantize,
            Progress progress) {
        check(qat, quantize);
        Calibrator calibrator = new Calibrator();
        FloatExecutor executor = new FloatExecutor(folded);
        for (int i = 0; i < calibration.size(); i++) {
            calibrator.observe(executor.runAll(calibration.get(i)));
            progress.update("calibrating for QAT", i + 1, calibration.size());
        }
        ActivationQuantizer activations = new ActivationQuantizer(calibrator.ranges(), qat.rangeMomentum());
        TorchNet net = TorchNet.lowerQuantized(new ZooModel(folded, Map.of()), hints, activations,
                quantize.perChannelFullyConnected());
        TrainOptions options = qat.trainOptions(floatRun);
        Trainer trainer = new Trainer(options, progress, "QAT", epoch -> {
            activations.refresh(folded, quantize);
            activations.setObserving(epoch < qat.epochs() - 1);
        });
        TrainingHistory own = withoutOneDnn(() -> trainer.train(net, train, validation, null));
        List<EpochRecord> numbered = new ArrayList<>();
        for (EpochRecord e : own.epochs()) {
            numbered.add(e.asQat(firstEpoch + e.epoch() - 1));
        }
        ZooModel tuned = net.writeBack();
        Map<String, Range> ranges = activations.ranges();
        Graph tunedGraph = tuned.graph().toBuilder()
                .metadata("qat", String.format(Locale.ROOT, "%d epochs of quantization-aware fine-tuning, learning"
                        + " rate %s, activation ranges: calibration then moving average (momentum %s), frozen in the"
                        + " last epoch", qat.epochs(), options.learningRate(), qat.rangeMomentum()))
                .build();
        Graph int8 = QuantizePass.quantize(tunedGraph, ranges, quantize);
        QuantizationValidator.validate(int8);
        return new Result(new TrainingHistory(numbered), new ZooModel(tunedGraph, Map.of()),
                new ExportPipeline.Result(tunedGraph, int8, TfliteWriter.write(int8), calibration), ranges);
    }

    /**
     * Runs {@code work} with libtorch's oneDNN (MKL-DNN) kernels switched off, then restores the
     * setting. With them, the fine-tuning's backward pass gave NaN gradients at a random step (from
     * strided 3x3 convolution of resnet8 0.25 at 16x16, 4 input channels, backwards; 6 runs of 7, at
     * steps 0 to 21), the kind of out-of-bounds write documented for oneDNN's strided 1x1 kernel
     * (docs/training.md); libtorch's own convolutions gave finite gradients and the same bytes in
     * every run (3 of 3).
     */
    private static <T> T withoutOneDnn(java.util.function.Supplier<T> work) {
        org.bytedeco.pytorch.Context context = torch.globalContext();
        boolean before = context.userEnabledMkldnn();
        context.setUserEnabledMkldnn(false);
        try {
            return work.get();
        } finally {
            context.setUserEnabledMkldnn(before);
        }
    }

    /** @throws IllegalArgumentException when the fine-tuning cannot follow the asked quantization */
    static void check(QatOptions qat, QuantizeOptions quantize) {
        if (qat.epochs() < 1) {
            throw new IllegalArgumentException("quantization-aware training needs at least 1 epoch, got "
                    + qat.epochs());
        }
        if (quantize.mode() != QuantizeOptions.Mode.INT8) {
            throw new IllegalArgumentException("--qat simulates TFLite's int8 scheme; it cannot fine-tune for "
                    + quantize.mode().label() + " quantization: drop --qat, or quantize as int8");
        }
        if (quantize.floatIo()) {
            throw new IllegalArgumentException("--qat fine-tunes fully-integer models (int8 input and output);"
                    + " drop --qat, or export with integer input and output");
        }
    }
}
