package dev.tinyforge.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Zalando's Fashion-MNIST (60,000 training and 10,000 test images, 28x28 grayscale, 10 classes) as
 * Debian's package {@code dataset-fashion-mnist} installs it: the standard small benchmark that the zoo
 * networks are trained on, read from the system instead of downloaded so that builds work offline.
 */
public final class FashionMnist {
    /** Where {@code dataset-fashion-mnist} puts the four gzip IDX files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /**
     * Overrides {@link #DEFAULT_DIR} for the no-argument loaders (and so for {@code --dataset fashion-mnist}):
     * tests point it at a directory without the files to see the missing-dataset message.
     */
    public static final String DIR_PROPERTY = "tinyforge.fashion-mnist.dir";

    /** The 60,000 training images from {@link #DEFAULT_DIR} (or {@link #DIR_PROPERTY}). */
    public static ByteDataset train() {
        return train(dir());
    }

    /** The 10,000 test images from {@link #DEFAULT_DIR} (or {@link #DIR_PROPERTY}). */
    public static ByteDataset test() {
        return test(dir());
    }

    private static Path dir() {
        String d = System.getProperty(DIR_PROPERTY);
        return d == null ? DEFAULT_DIR : Path.of(d);
    }

    /** The training images from {@code dir} (tests point this at their own files). */
    public static ByteDataset train(Path dir) {
        return load(dir, "train");
    }

    public static ByteDataset test(Path dir) {
        return load(dir, "t10k");
    }

    private static ByteDataset load(Path dir, String set) {
        Path images = dir.resolve(set + "-images-idx3-ubyte.gz");
        Path labels = dir.resolve(set + "-labels-idx1-ubyte.gz");
        if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
            throw new DatasetException("fashion-mnist not found in " + dir + ": install the Debian package"
                    + " dataset-fashion-mnist (scripts/install-deps does)");
        }
        return IdxPair.read(images, labels).dataset("fashion-mnist " + (set.equals("train") ? "train" : "test"),
                CLASS_NAMES);
    }
}
