package dev.tinyforge.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A user's own data in MNIST's layout ({@code idx:DIR}): a directory with a {@code train-images*} and a
 * {@code train-labels*} IDX file and optionally a {@code t10k-*} or {@code test-*} pair, plain or gzip.
 * Classes are named by {@code classes.txt} (one name a non-blank line, in label order) when present, else
 * "0".."N-1" with N the largest label plus one; train and test share the one list.
 */
public final class IdxDirectory {
    private final ByteDataset train;
    private final Optional<ByteDataset> test;

    private IdxDirectory(ByteDataset train, Optional<ByteDataset> test) {
        this.train = train;
        this.test = test;
    }

    /** Reads the directory's pairs now, so that every defect shows before training starts. */
    public static IdxDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(dir + " is not a directory, expected one holding train-images and"
                    + " train-labels IDX files (idx:DIR): check the path");
        }
        List<Path> files = files(dir);
        Path trainImages = find(dir, files, "train-images").orElseThrow(() -> missing(dir, "train-images"));
        Path trainLabels = find(dir, files, "train-labels").orElseThrow(() -> missing(dir, "train-labels"));
        Optional<Path> testImages = find(dir, files, "t10k-images", "test-images");
        Optional<Path> testLabels = find(dir, files, "t10k-labels", "test-labels");
        if (testImages.isPresent() != testLabels.isPresent()) {
            Path has = testImages.orElseGet(testLabels::get);
            throw new DatasetException(dir + " holds " + has.getFileName() + " without its "
                    + (testImages.isPresent() ? "labels" : "images") + " file, expected both test files or"
                    + " neither: add the other one or remove this one");
        }
        IdxPair trainPair = IdxPair.read(trainImages, trainLabels);
        Optional<IdxPair> testPair = testImages.map(images -> IdxPair.read(images, testLabels.get()));
        if (testPair.isPresent() && (testPair.get().images().rows() != trainPair.images().rows()
                || testPair.get().images().cols() != trainPair.images().cols())) {
            throw new DatasetException(testImages.get() + " holds " + testPair.get().images().rows() + "x"
                    + testPair.get().images().cols() + " images but " + trainImages + " holds "
                    + trainPair.images().rows() + "x" + trainPair.images().cols() + ", expected one size:"
                    + " resize one set");
        }
        int classes = Math.max(trainPair.maxLabel(), testPair.map(IdxPair::maxLabel).orElse(0)) + 1;
        List<String> names = classNames(dir, classes);
        String name = "idx:" + dir;
        return new IdxDirectory(trainPair.dataset(name + " train", names),
                testPair.map(p -> p.dataset(name + " test", names)));
    }

    public ByteDataset train() {
        return train;
    }

    /** The test pair, if the directory has one. */
    public Optional<ByteDataset> test() {
        return test;
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(dir + " cannot be listed (" + e.getMessage() + "): check its permissions");
        }
    }

    private static Optional<Path> find(Path dir, List<Path> files, String... prefixes) {
        List<Path> found = new ArrayList<>();
        for (Path f : files) {
            for (String prefix : prefixes) {
                if (f.getFileName().toString().startsWith(prefix)) {
                    found.add(f);
                }
            }
        }
        if (found.size() > 1) {
            throw new DatasetException(dir + " holds both " + found.get(0).getFileName() + " and "
                    + found.get(1).getFileName() + ", expected one " + prefixes[0] + " file: remove the other");
        }
        return found.stream().findFirst();
    }

    private static DatasetException missing(Path dir, String prefix) {
        return new DatasetException(dir + " holds no " + prefix + " file, expected " + prefix + "-idx"
                + (prefix.endsWith("images") ? 3 : 1) + "-ubyte[.gz] (IDX, as MNIST): add it or check the path");
    }

    private static List<String> classNames(Path dir, int classes) {
        Path file = dir.resolve("classes.txt");
        if (!Files.exists(file)) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < classes; i++) {
                names.add(String.valueOf(i));
            }
            return names;
        }
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new DatasetException(file + " cannot be read (" + e.getMessage() + "), expected UTF-8 text, one"
                    + " class name a line: fix or remove it");
        }
        if (names.size() < classes) {
            throw new DatasetException(file + " names " + names.size() + " classes but the labels go up to "
                    + (classes - 1) + ", expected at least " + classes + " names: add the missing names");
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new DatasetException(file + " names a class twice, expected " + names.size() + " distinct names:"
                    + " rename one");
        }
        return names;
    }
}
