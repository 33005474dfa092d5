package dev.tinyforge.train;

import dev.tinyforge.data.BatchSource;
import dev.tinyforge.data.ImageShape;
import dev.tinyforge.ir.Graph;
import java.util.Arrays;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * What training and evaluation share about a classifier: whether a network and a data source fit
 * each other, the cross-entropy on the logits, and the count of right answers.
 */
final class Classification {
    /** libtorch's {@code at::Reduction::Mean}. */
    static final long MEAN = 1;
    /** libtorch's {@code at::Reduction::Sum}. */
    static final long SUM = 2;
    /** libtorch's default: no label is ignored. */
    private static final long IGNORE_NONE = -100;

    private Classification() {
    }

    /**
     * @throws IllegalArgumentException in one line, when the network has no softmax output, does not
     *     take one image per sample of the data's shape, or has another number of classes
     */
    static void check(TorchNet net, BatchSource data) {
        Graph g = net.graph();
        if (!net.hasClassifier()) {
            throw new IllegalArgumentException(g.name() + " has no softmax output to train as a classifier");
        }
        if (g.inputs().size() != 1) {
            throw new IllegalArgumentException(g.name() + " takes " + g.inputs().size()
                    + " inputs; the trainer feeds one image per sample");
        }
        int[] in = g.input(0).shape();
        ImageShape s = data.shape();
        if (in.length != 4 || in[1] != s.height() || in[2] != s.width() || in[3] != s.channels()) {
            throw new IllegalArgumentException(g.name() + " takes " + Arrays.toString(in) + " images; the data holds "
                    + s + " (build the model at the data's resolution and channels)");
        }
        if (net.classes() != data.classes()) {
            throw new IllegalArgumentException(g.name() + " has " + net.classes() + " classes; the data has "
                    + data.classes());
        }
    }

    /** Cross-entropy of the logits against the labels, reduced by {@link #MEAN} or {@link #SUM}. */
    static Tensor loss(Tensor logits, Tensor labels, double labelSmoothing, long reduction) {
        return torch.cross_entropy_loss(logits, labels, new TensorOptional(), reduction, IGNORE_NONE, labelSmoothing);
    }

    /** Images of the batch whose top logit is their label. */
    static long correct(Tensor logits, Tensor labels) {
        try (NoGradGuard g = new NoGradGuard()) {
            return torch.argmax(logits, new LongOptional(1), false).eq(labels).sum().item_long();
        }
    }
}
