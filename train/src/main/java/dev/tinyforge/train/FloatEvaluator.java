package dev.tinyforge.train;

import dev.tinyforge.data.Batch;
import dev.tinyforge.data.BatchSource;
import dev.tinyforge.util.Progress;
import java.util.Iterator;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Loss and top-1 accuracy of the float network in libtorch (evaluation mode) on labelled batches: the
 * validation figure of each training epoch. The int8 model is evaluated by {@link dev.tinyforge.eval.Evaluator}.
 */
public final class FloatEvaluator {
    private FloatEvaluator() {
    }

    /**
     * @param loss mean cross-entropy of the logits (no label smoothing)
     * @param accuracy fraction of images whose top class is the label
     */
    /**
     * @param predictions each image's top class in the source's order (the first of equal maxima, as
     *     the int8 evaluation takes it), for agreement with the int8 model
     */
    public record Result(double loss, double accuracy, int images, int[] predictions) {
    }

    /** Evaluates on the batches of {@code source}'s epoch 0. */
    public static Result evaluate(TorchNet net, BatchSource source, Progress progress) {
        Classification.check(net, source);
        double loss = 0;
        long correct = 0;
        int images = 0;
        int done = 0;
        int[] predictions = new int[16];
        Iterator<Batch> it = source.epoch(0);
        while (it.hasNext()) {
            Batch b = it.next();
            try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
                Tensor labels = BatchTensors.labels(b);
                Tensor logits = net.forward(List.of(BatchTensors.images(b)), false).get(TorchNet.LOGITS);
                loss += Classification.loss(logits, labels, 0, Classification.SUM).item_double();
                correct += Classification.correct(logits, labels);
                float[] l = TorchTensors.floats(logits);
                int classes = l.length / b.count();
                if (predictions.length < images + b.count()) {
                    predictions = java.util.Arrays.copyOf(predictions, 2 * (images + b.count()));
                }
                for (int i = 0; i < b.count(); i++) {
                    int best = 0;
                    for (int c = 1; c < classes; c++) {
                        best = l[i * classes + c] > l[i * classes + best] ? c : best;
                    }
                    predictions[images + i] = best;
                }
            }
            images += b.count();
            progress.update("evaluating", ++done, source.batchesPerEpoch());
        }
        if (images == 0) {
            throw new IllegalArgumentException("the evaluation data has no images");
        }
        return new Result(loss / images, (double) correct / images, images, java.util.Arrays.copyOf(predictions, images));
    }
}
