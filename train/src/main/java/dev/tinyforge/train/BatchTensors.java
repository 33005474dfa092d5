package dev.tinyforge.train;

import dev.tinyforge.data.Batch;
import org.bytedeco.pytorch.Tensor;

/** A batch of NHWC images and labels as the tensors a {@link TorchNet} and the loss take. */
final class BatchTensors {
    private BatchTensors() {
    }

    /** The images of a batch as one NCHW tensor (the batch's arrays may be longer than {@code count}). */
    static Tensor images(Batch batch) {
        int per = batch.shape().size();
        float[] values = batch.images().length == batch.count() * per ? batch.images()
                : java.util.Arrays.copyOf(batch.images(), batch.count() * per);
        return input(values, batch.count(), new int[] {1, batch.shape().height(), batch.shape().width(),
            batch.shape().channels()});
    }

    /** {@code count} samples of a graph input of IR shape {@code irShape} (batch 1), in torch's layout. */
    static Tensor input(float[] values, int count, int[] irShape) {
        long[] shape = TorchTensors.longs(irShape);
        shape[0] = count;
        return Layout.fromIr(TorchTensors.of(values, shape)).contiguous();
    }

    /** The labels as the int64 class indices cross-entropy takes. */
    static Tensor labels(Batch batch) {
        long[] l = new long[batch.count()];
        for (int i = 0; i < l.length; i++) {
            l[i] = batch.labels()[i];
        }
        return Tensor.create(l, l.length);
    }
}
