package dev.tinyforge.data;

import java.util.Iterator;

/**
 * The batches of an epoch, in an order fixed by the seed and the epoch number alone (never by thread
 * timing), so that training is repeatable.
 */
public interface BatchSource {
    ImageShape shape();

    int classes();

    /** Batches per epoch (the last one may be short). */
    int batchesPerEpoch();

    Iterator<Batch> epoch(int epoch);
}
