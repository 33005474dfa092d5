package dev.tinyforge.search;

import dev.tinyforge.data.Batch;
import dev.tinyforge.data.BatchSource;
import dev.tinyforge.data.Dataset;
import dev.tinyforge.data.ImageShape;
import dev.tinyforge.data.SimpleBatches;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A fixed number of full batches presented as one epoch, so that the trainer runs exactly a proxy's
 * steps: the seeded shuffled passes over the data one after another, each pass's short last batch
 * dropped.
 */
final class StepBatches implements BatchSource {
    private final SimpleBatches passes;
    private final int steps;
    private final int batchSize;

    StepBatches(Dataset data, int batchSize, int steps, long seed) {
        if (data.size() < batchSize) {
            throw new IllegalArgumentException(data.name() + ": " + data.size() + " proxy training images, fewer than"
                    + " one batch of " + batchSize + "; use more --proxy-images");
        }
        this.passes = new SimpleBatches(data, batchSize, seed, true);
        this.steps = steps;
        this.batchSize = batchSize;
    }

    @Override
    public ImageShape shape() {
        return passes.shape();
    }

    @Override
    public int classes() {
        return passes.classes();
    }

    @Override
    public int batchesPerEpoch() {
        return steps;
    }

    @Override
    public Iterator<Batch> epoch(int epoch) {
        return new Iterator<>() {
            private int pass;
            private int given;
            private Iterator<Batch> current = passes.epoch(0);

            @Override
            public boolean hasNext() {
                return given < steps;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                while (true) {
                    if (!current.hasNext()) {
                        current = passes.epoch(++pass);
                    }
                    Batch b = current.next();
                    if (b.count() == batchSize) {
                        given++;
                        return b;
                    }
                }
            }
        };
    }
}
