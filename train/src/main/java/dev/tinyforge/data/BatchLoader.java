package dev.tinyforge.data;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Training batches built by worker threads while the trainer works on earlier ones, so that converting,
 * resizing and augmenting images overlaps the training step instead of adding to it. Each batch is one task and the
 * consumer takes them in submission order, the order of {@link SimpleBatches#order}; augmentation is
 * seeded per image ({@link Augment}). So the batches are the same bytes in the same order whatever the
 * thread count: 0 threads builds them on the caller's thread and with {@link Augment#NONE} gives
 * exactly {@link SimpleBatches}' batches.
 *
 * <p>A worker's exception surfaces in the consumer's {@code next()}; {@link #close()} stops the workers
 * and makes later {@code next()} calls fail. The dataset is read from several threads at once, which
 * every dataset and view of this package allows.
 */
public final class BatchLoader implements BatchSource, AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Dataset data;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final Augment augment;
    private final int threads;
    private final int prefetch;
    private final ExecutorService pool;
    private volatile boolean closed;

    private BatchLoader(Builder b) {
        this.data = b.data;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.augment = b.augment;
        this.threads = b.threads;
        this.prefetch = b.prefetch > 0 ? b.prefetch : Math.max(2, 2 * b.threads);
        this.pool = threads == 0 ? null : Executors.newFixedThreadPool(threads, daemons());
    }

    /** A loader over {@code data} in batches of {@code batchSize}; the rest is optional. */
    public static Builder builder(Dataset data, int batchSize) {
        return new Builder(data, batchSize);
    }

    /**
     * The default worker count: the machine's cores, at most 4, since libtorch's own threads run the
     * training step meanwhile and 4 workers already outpace it on the zoo's small images.
     */
    public static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
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

    public int threads() {
        return threads;
    }

    /** The class names of the data, for the model's metadata. */
    public List<String> classNames() {
        return data.classNames();
    }

    @Override
    public String toString() {
        return "BatchLoader[" + data.name() + ", batch " + batchSize + ", seed " + seed + ", " + augment + ", "
                + threads + " threads]";
    }

    /** The batches of {@code epoch}; the workers start on the first ones at once. */
    @Override
    public Iterator<Batch> epoch(int epoch) {
        checkOpen();
        return new EpochIterator(epoch, SimpleBatches.order(data.size(), seed, epoch, shuffle));
    }

    /** Stops the workers (a batch being built is abandoned); the loader cannot be used afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pool != null) {
            for (Runnable queued : pool.shutdownNow()) {
                if (queued instanceof Future<?> f) {
                    f.cancel(false);
                }
            }
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this BatchLoader is closed: make a new one");
        }
    }

    /** Builds the batch of {@code epoch} that starts at {@code start} of {@code order}. */
    private Batch build(int[] order, int start, int epoch) {
        int per = data.shape().size();
        int count = Math.min(batchSize, order.length - start);
        float[] images = new float[count * per];
        int[] labels = new int[count];
        float[] scratch = augment.isNone() ? null : new float[per];
        for (int i = 0; i < count; i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("loader closed");
            }
            int index = order[start + i];
            if (scratch == null) {
                data.image(index, images, i * per);
            } else {
                data.image(index, scratch, 0);
                augment.apply(scratch, 0, images, i * per, data.shape(), seed, epoch, index);
            }
            labels[i] = data.label(index);
        }
        return new Batch(data.shape(), images, labels, count);
    }

    private final class EpochIterator implements Iterator<Batch> {
        private final int epoch;
        private final int[] order;
        private final int batches;
        private final ArrayDeque<Future<Batch>> ahead = new ArrayDeque<>();
        private int submitted;
        private int taken;

        EpochIterator(int epoch, int[] order) {
            this.epoch = epoch;
            this.order = order;
            this.batches = (order.length + batchSize - 1) / batchSize;
            fill();
        }

        @Override
        public boolean hasNext() {
            return taken < batches;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            checkOpen();
            int b = taken++;
            if (pool == null) {
                return build(order, b * batchSize, epoch);
            }
            Future<Batch> f = ahead.poll();
            fill();
            try {
                return f.get();
            } catch (ExecutionException e) {
                throw failed(b, e.getCause());
            } catch (CancellationException e) {
                throw new IllegalStateException("this BatchLoader was closed while batch " + b + " of epoch " + epoch
                        + " was loading");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatasetException("interrupted while waiting for batch " + b + " of epoch " + epoch
                        + " of " + data.name(), e);
            }
        }

        private void fill() {
            while (pool != null && ahead.size() < prefetch && submitted < batches && !closed) {
                int start = submitted++ * batchSize;
                ahead.add(pool.submit(() -> build(order, start, epoch)));
            }
        }

        private RuntimeException failed(int b, Throwable cause) {
            if (cause instanceof Error error) {
                throw error;
            }
            if (cause instanceof DatasetException d) {
                return new DatasetException(d.getMessage(), d);
            }
            return new DatasetException("loading batch " + b + " of epoch " + epoch + " of " + data.name()
                    + " failed: " + cause, cause);
        }
    }

    private static ThreadFactory daemons() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "tinyforge-data-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Options of a {@link BatchLoader}: required data and batch size, the rest optional. */
    public static final class Builder {
        private final Dataset data;
        private final int batchSize;
        private long seed;
        private boolean shuffle = true;
        private Augment augment = Augment.NONE;
        private int threads = defaultThreads();
        private int prefetch;

        private Builder(Dataset data, int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
            }
            this.data = data;
            this.batchSize = batchSize;
        }

        /** Seeds the order and the augmentation (default 0). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether to shuffle each epoch (default true; false for evaluation). */
        public Builder optShuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        public Builder optAugment(Augment augment) {
            this.augment = augment;
            return this;
        }

        /** Worker threads (default {@link #defaultThreads()}); 0 builds batches on the caller's thread. */
        public Builder optThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be 0 or more, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Batches built ahead of the consumer (default twice the threads, at least 2). */
        public Builder optPrefetch(int prefetch) {
            if (prefetch < 1) {
                throw new IllegalArgumentException("prefetch must be at least 1, got " + prefetch);
            }
            this.prefetch = prefetch;
            return this;
        }

        public BatchLoader build() {
            return new BatchLoader(this);
        }
    }
}
