package dev.tinyforge.search;

import dev.tinyforge.data.Dataset;
import dev.tinyforge.data.DatasetException;
import dev.tinyforge.data.Split;
import dev.tinyforge.data.Subset;

/**
 * The data candidates are judged on: a seeded subset of the training set, split (stratified) into the
 * proxy training images and a validation fifth. The test set is never looked at during the search.
 */
public record ProxyData(Dataset train, Dataset validation) {
    /** The share of the proxy subset held out for validation. */
    public static final double VALIDATION = 0.2;

    /**
     * @param images how many training images the proxy uses (training and validation together)
     * @throws DatasetException when the subset is too small to leave images on both sides
     */
    public static ProxyData of(Dataset training, int images, long seed) {
        if (images < 10) {
            throw new DatasetException(training.name() + ": a proxy subset of " + images
                    + " images is too small; use --proxy-images 10 or more (e.g. 5000)");
        }
        Split s = Split.of(Subset.sample(training, images, seed), VALIDATION, seed);
        return new ProxyData(s.train(), s.validation());
    }
}
