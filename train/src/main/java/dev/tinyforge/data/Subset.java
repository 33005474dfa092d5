package dev.tinyforge.data;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Some of a dataset's images, by index, without copying them: the first N or a seeded sample for
 * short runs (CI trains on 5,000 images), and the two sides of a {@link Split}.
 */
public final class Subset implements Dataset {
    /** Keeps a sample's draw apart from the batch order that the same seed gives. */
    private static final long SAMPLE_SALT = 0x5ab5e7L;
    private final String name;
    private final Dataset source;
    private final int[] indices;

    /** The images of {@code source} at {@code indices}, in that order. */
    public Subset(String name, Dataset source, int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= source.size()) {
                throw new IllegalArgumentException(name + ": index " + i + " outside 0.." + (source.size() - 1));
            }
        }
        this.name = name;
        this.source = source;
        this.indices = indices.clone();
    }

    /** The first {@code n} images; {@code n} at least the size gives them all. */
    public static Dataset first(Dataset source, int n) {
        int k = checkedCount(source, n);
        int[] idx = new int[k];
        Arrays.setAll(idx, i -> i);
        return new Subset(source.name() + " (first " + k + ")", source, idx);
    }

    /**
     * {@code n} images drawn without replacement by a seeded shuffle, kept in their original order;
     * {@code n} at least the size gives them all.
     */
    public static Dataset sample(Dataset source, int n, long seed) {
        int k = checkedCount(source, n);
        int[] all = new int[source.size()];
        Arrays.setAll(all, i -> i);
        shuffle(all, new SplittableRandom(seed ^ SAMPLE_SALT));
        int[] idx = Arrays.copyOf(all, k);
        Arrays.sort(idx);
        return new Subset(source.name() + " (" + k + " sampled, seed " + seed + ")", source, idx);
    }

    private static int checkedCount(Dataset source, int n) {
        if (n < 1) {
            throw new DatasetException(source.name() + ": asked for " + n + " images, expected at least 1:"
                    + " give a positive count");
        }
        return Math.min(n, source.size());
    }

    /** The index in the source dataset of image {@code i}. */
    public int sourceIndex(int i) {
        return indices[i];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public List<String> classNames() {
        return source.classNames();
    }

    @Override
    public ImageShape shape() {
        return source.shape();
    }

    @Override
    public void image(int index, float[] dst, int offset) {
        source.image(indices[index], dst, offset);
    }

    @Override
    public int label(int index) {
        return source.label(indices[index]);
    }

    /** Shuffles {@code from} in place (Fisher-Yates). */
    static void shuffle(int[] from, SplittableRandom rnd) {
        for (int i = from.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = from[i];
            from[i] = from[j];
            from[j] = t;
        }
    }
}
