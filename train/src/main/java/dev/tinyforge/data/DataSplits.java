package dev.tinyforge.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A dataset named on the command line, as its training and test sets: {@code fashion-mnist}
 * (Debian's package), {@code idx:DIR} (MNIST's layout) or {@code images:DIR} (a folder per class).
 * Where the data has no test set of its own (an {@code idx:DIR} without test files, an
 * {@code images:DIR} without {@code train/} and {@code test/} subfolders), a stratified fifth is
 * held out as the test set with seed 0, so that train and eval agree on it without being told.
 */
public record DataSplits(Dataset train, Dataset test) {
    /** The share of images held out as the test set where the data has none. */
    public static final double HELD_OUT = 0.2;

    public static DataSplits open(String spec) {
        if (spec.equals("fashion-mnist")) {
            return new DataSplits(FashionMnist.train(), FashionMnist.test());
        }
        if (spec.startsWith("idx:")) {
            IdxDirectory dir = IdxDirectory.open(Path.of(spec.substring(4)));
            return dir.test().map(t -> new DataSplits(dir.train(), t)).orElseGet(() -> heldOut(dir.train()));
        }
        if (spec.startsWith("images:")) {
            Path dir = Path.of(spec.substring(7));
            if (Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"))) {
                Dataset train = ImageFolder.load(dir.resolve("train"));
                Dataset test = ImageFolder.load(dir.resolve("test"));
                if (!train.classNames().equals(test.classNames())) {
                    throw new DatasetException(dir + ": train/ has classes " + train.classNames() + " but test/ has "
                            + test.classNames() + ", expected the same folders in both");
                }
                return new DataSplits(train, test);
            }
            return heldOut(ImageFolder.load(dir));
        }
        throw new DatasetException("unknown dataset '" + spec + "', expected fashion-mnist, idx:DIR or images:DIR");
    }

    private static DataSplits heldOut(Dataset all) {
        Split s = Split.of(all, HELD_OUT, 0);
        return new DataSplits(s.train(), s.validation());
    }
}
