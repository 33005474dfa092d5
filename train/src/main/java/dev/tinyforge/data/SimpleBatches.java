package dev.tinyforge.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Batches of a dataset in a seeded shuffled order per epoch, on the calling thread, without
 * augmentation: for tests and evaluation. Training uses the threaded loader.
 */
public final class SimpleBatches implements BatchSource {
    private final Dataset data;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;

    public SimpleBatches(Dataset data, int batchSize, long seed, boolean shuffle) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
    }

    @Override
    public ImageShape shape() {
        return data.shape();
    }

    @Override
    public int classes() {
        return data.classes();
    }

    @Override
    public int batchesPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /** The order of an epoch: a Fisher-Yates shuffle seeded by (seed, epoch), or 0..n-1. */
    public static int[] order(int n, long seed, int epoch, boolean shuffle) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    @Override
    public Iterator<Batch> epoch(int epoch) {
        int[] order = order(data.size(), seed, epoch, shuffle);
        int per = data.shape().size();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int count = Math.min(batchSize, order.length - next);
                float[] images = new float[count * per];
                int[] labels = new int[count];
                for (int i = 0; i < count; i++) {
                    data.image(order[next + i], images, i * per);
                    labels[i] = data.label(order[next + i]);
                }
                next += count;
                return new Batch(data.shape(), images, labels, count);
            }
        };
    }
}
