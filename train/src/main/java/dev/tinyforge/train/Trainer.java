package dev.tinyforge.train;

import dev.tinyforge.data.Batch;
import dev.tinyforge.data.BatchSource;
import dev.tinyforge.util.Progress;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntConsumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Trains a {@link TorchNet}'s classifier: cross-entropy with label smoothing on the logits, SGD with
 * Nesterov momentum or AdamW, a per-step cosine schedule after a linear warm-up, one optional
 * validation pass per epoch, and a checkpoint after every epoch from which {@link #resume} continues
 * to the same final weights as an uninterrupted run.
 *
 * <p>Everything random is seeded: the batch order by the batch source, dropout by libtorch's
 * generator reseeded at every step from the options' seed and the step number. With the same options
 * (thread count included, see {@link TrainOptions#threads}) and data, two runs on one machine give
 * the same weights bit for bit.
 *
 * <p>libtorch's CPU build parallelises with OpenMP, whose threads spin at the barrier ending every
 * op; when other processes compete for the cores, the spinning makes training 10-20 times slower.
 * Measured on a 2-core machine under a load of 4-5 (MobileNetV2 0.35, 32×32×3, batch 64): 2 threads
 * 20-50 images/s spinning, about 580 with {@code OMP_WAIT_POLICY=PASSIVE}; 1 thread about 900.
 * Launch the JVM with {@code OMP_WAIT_POLICY=PASSIVE} in its environment (libgomp reads it once, when
 * libtorch loads), and prefer one thread on a shared machine.
 */
public final class Trainer {
    private final TrainOptions options;
    private final Progress progress;
    private final String phase;
    private final IntConsumer beforeEpoch;

    public Trainer(TrainOptions options, Progress progress) {
        this(options, progress, "training", epoch -> { });
    }

    /**
     * @param phase what the progress lines call an epoch's work ("training", "QAT")
     * @param beforeEpoch called with the 0-based epoch number before each epoch's first step
     *     (quantization-aware training refreshes its activation quantization there)
     */
    public Trainer(TrainOptions options, Progress progress, String phase, IntConsumer beforeEpoch) {
        this.options = options;
        this.progress = progress;
        this.phase = phase;
        this.beforeEpoch = beforeEpoch;
    }

    /**
     * Trains from the network's current weights for the options' epochs.
     *
     * @param validation evaluated after every epoch, or {@code null}
     * @param checkpoint where to write a checkpoint after every epoch (replacing the previous), or {@code null}
     */
    public TrainingHistory train(TorchNet net, BatchSource train, BatchSource validation, Path checkpoint) {
        return run(net, train, validation, checkpoint, null);
    }

    /**
     * Continues the run a checkpoint was written by: restores weights, batch-norm statistics,
     * optimizer state, step count and history, trains the remaining epochs and keeps checkpointing
     * to the same file.
     *
     * @throws IllegalArgumentException in one line, when the checkpoint belongs to another
     *     architecture or other options, or is damaged
     */
    public TrainingHistory resume(TorchNet net, Path checkpoint, BatchSource train, BatchSource validation) {
        Checkpoint c = CheckpointFile.read(checkpoint);
        if (!c.fingerprint().equals(net.fingerprint())) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + " was written for another architecture"
                    + " (fingerprint " + c.fingerprint() + ", this model " + net.fingerprint()
                    + "); resume it with the model it was trained with");
        }
        if (!c.options().equals(options)) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + " was trained with " + c.options()
                    + "; resuming needs the same options, got " + options);
        }
        return run(net, train, validation, checkpoint, c);
    }

    private TrainingHistory run(TorchNet net, BatchSource train, BatchSource validation, Path checkpoint,
            Checkpoint from) {
        int threads = torch.get_num_threads();
        torch.set_num_threads(options.threads());
        try {
            return epochs(net, train, validation, checkpoint, from);
        } finally {
            torch.set_num_threads(threads);
        }
    }

    private TrainingHistory epochs(TorchNet net, BatchSource train, BatchSource validation, Path checkpoint,
            Checkpoint from) {
        Classification.check(net, train);
        if (validation != null) {
            Classification.check(net, validation);
        }
        TorchOptimizer optimizer = TorchOptimizer.create(options.optimizer(), net.parameters(),
                options.weightDecay());
        TrainingHistory history = new TrainingHistory(List.of());
        int start = 0;
        long step = 0;
        if (from != null) {
            TensorState.restore(net.state(), from.network(), "network");
            TensorState.restore(optimizer.state(), from.optimizer(), "optimizer");
            history = from.history();
            start = from.epochsDone();
            step = from.steps();
        }
        LearningRateSchedule schedule = LearningRateSchedule.of(options, train.batchesPerEpoch());
        for (int epoch = start; epoch < options.epochs(); epoch++) {
            long begin = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            int images = 0;
            int batches = 0;
            double rate = 0;
            beforeEpoch.accept(epoch);
            String task = phase + " epoch " + (epoch + 1) + "/" + options.epochs();
            Iterator<Batch> it = train.epoch(epoch);
            while (it.hasNext()) {
                Batch b = it.next();
                checkBatch(b, batches, train.batchesPerEpoch());
                rate = schedule.rate(step);
                try (PointerScope scope = new PointerScope()) {
                    torch.manual_seed(stepSeed(options.seed(), step));
                    Tensor labels = BatchTensors.labels(b);
                    Tensor logits = net.forward(List.of(BatchTensors.images(b)), true).get(TorchNet.LOGITS);
                    Tensor loss = Classification.loss(logits, labels, options.labelSmoothing(), Classification.MEAN);
                    TorchOptimizer.zeroGrad(net.parameters());
                    loss.backward();
                    optimizer.step(rate, step + 1);
                    lossSum += loss.item_double() * b.count();
                    correct += Classification.correct(logits, labels);
                }
                step++;
                images += b.count();
                progress.update(task, ++batches, train.batchesPerEpoch(), String.format(java.util.Locale.ROOT,
                        "loss %.3f, accuracy %.1f%%, %.0f images/s", lossSum / images, 100.0 * correct / images,
                        images / ((System.nanoTime() - begin) / 1e9)));
            }
            if (images == 0) {
                throw new IllegalArgumentException("the training data has no images");
            }
            double trainSeconds = (System.nanoTime() - begin) / 1e9;
            FloatEvaluator.Result v = validation == null ? null : FloatEvaluator.evaluate(net, validation, progress);
            history = history.plus(new EpochRecord(epoch + 1, lossSum / images, (double) correct / images,
                    v == null ? null : v.loss(), v == null ? null : v.accuracy(), rate, images / trainSeconds,
                    (System.nanoTime() - begin) / 1e9, false));
            EpochRecord e = history.last();
            progress.note(String.format(java.util.Locale.ROOT, "%s epoch %d/%d: loss %.3f, accuracy %.2f%%%s, %.0f images/s,"
                    + " %.0f s", phase, e.epoch(), options.epochs(), e.trainLoss(), 100 * e.trainAccuracy(),
                    v == null ? "" : String.format(java.util.Locale.ROOT, ", validation %.2f%%", 100 * v.accuracy()),
                    e.imagesPerSecond(), e.seconds()));
            if (checkpoint != null) {
                CheckpointFile.write(checkpoint, new Checkpoint(net.fingerprint(), options, epoch + 1, step, history,
                        TensorState.snapshot(net.state()), TensorState.snapshot(optimizer.state())));
            }
        }
        return history;
    }

    /** A per-step seed: the run's seed and the step number, mixed so that neighbouring seeds differ widely. */
    static long stepSeed(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step + 1;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }

    private void checkBatch(Batch b, int index, int batchesPerEpoch) {
        boolean last = index == batchesPerEpoch - 1;
        if (b.count() > options.batchSize() || (!last && b.count() != options.batchSize())) {
            throw new IllegalArgumentException("batch " + (index + 1) + " holds " + b.count()
                    + " images; the options ask for batches of " + options.batchSize());
        }
    }
}
