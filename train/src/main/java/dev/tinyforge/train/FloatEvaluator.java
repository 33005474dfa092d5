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
    public record Result(double loss, double accuracy, int images) {
    }

    /** Evaluates on the batches of {@code source}'s epoch 0. */
    public static Result evaluate(TorchNet net, BatchSource source, Progress progress) {
        Classification.check(net, source);
        double loss = 0;
        long correct = 0;
        int images = 0;
        int done = 0;
        Iterator<Batch> it = source.epoch(0);
        while (it.hasNext()) {
            Batch b = it.next();
            try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
                Tensor labels = BatchTensors.labels(b);
                Tensor logits = net.forward(List.of(BatchTensors.images(b)), false).get(TorchNet.LOGITS);
                loss += Classification.loss(logits, labels, 0, Classification.SUM).item_double();
                correct += Classification.correct(logits, labels);
            }
            images += b.count();
            progress.update("evaluating", ++done, source.batchesPerEpoch());
        }
        if (images == 0) {
            throw new IllegalArgumentException("the evaluation data has no images");
        }
        return new Result(loss / images, (double) correct / images, images);
    }
}
