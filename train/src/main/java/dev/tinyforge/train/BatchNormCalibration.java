package dev.tinyforge.train;

import dev.tinyforge.data.Batch;
import dev.tinyforge.data.BatchSource;
import java.util.Iterator;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;

/**
 * Re-estimates the batch norms' running statistics of a network after a short training run, from
 * forward passes in training mode without gradients (once-for-all's "BN calibration" of sub-networks):
 * after a few hundred steps the running averages still remember the early weights, so evaluation
 * with them misjudges the network, and a search that ranks candidates by such short runs ranks them
 * by that error. Nothing but the running statistics changes.
 */
public final class BatchNormCalibration {
    private BatchNormCalibration() {
    }

    /**
     * Runs the first {@code batches} batches of {@code source}'s epoch 0 through the network in
     * training mode; each moves the running statistics a tenth of the way (PyTorch's momentum 0.1)
     * toward the batch's, so 30 batches leave under 5% of the old statistics.
     */
    public static void recalibrate(TorchNet net, BatchSource source, int batches, int threads) {
        Classification.check(net, source);
        int saved = org.bytedeco.pytorch.global.torch.get_num_threads();
        org.bytedeco.pytorch.global.torch.set_num_threads(threads);
        try {
            Iterator<Batch> it = source.epoch(0);
            for (int i = 0; i < batches && it.hasNext(); i++) {
                Batch b = it.next();
                try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
                    net.forward(List.of(BatchTensors.images(b)), true);
                }
            }
        } finally {
            org.bytedeco.pytorch.global.torch.set_num_threads(saved);
        }
    }
}
