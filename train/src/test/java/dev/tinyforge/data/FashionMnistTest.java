package dev.tinyforge.data;

import static dev.tinyforge.data.Idx.fails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the Debian package's files (scripts/install-deps installs dataset-fashion-mnist). */
class FashionMnistTest {
    @Test
    void trainingSetHas6000ImagesPerClass() {
        ByteDataset train = FashionMnist.train();
        assertEquals("fashion-mnist train", train.name());
        assertEquals(60_000, train.size());
        assertEquals(new ImageShape(28, 28, 1), train.shape());
        assertEquals(10, train.classes());
        assertEquals("T-shirt/top", train.classNames().get(0));
        assertEquals("Ankle boot", train.classNames().get(9));
        int[] perClass = new int[10];
        for (int i = 0; i < train.size(); i++) {
            perClass[train.label(i)]++;
        }
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, perClass);
        assertEquals(9, train.label(0));
        // The first image's pixels sum to 76247 (checked with Python's gzip): bytes are kept as stored.
        float[] img = new float[784];
        train.image(0, img, 0);
        double sum = 0;
        for (float v : img) {
            sum += v * 255.0;
        }
        assertEquals(76_247, sum, 1e-2);
    }

    @Test
    void testSetHas10000Images() {
        ByteDataset test = FashionMnist.test();
        assertEquals("fashion-mnist test", test.name());
        assertEquals(10_000, test.size());
        assertEquals(new ImageShape(28, 28, 1), test.shape());
        assertArrayEquals(new int[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7},
                new int[] {test.label(0), test.label(1), test.label(2), test.label(3), test.label(4), test.label(5),
                        test.label(6), test.label(7), test.label(8), test.label(9)});
    }

    @Test
    void missingFilesSayWhichPackage(@TempDir Path dir) {
        String m = fails(() -> FashionMnist.train(dir));
        assertEquals("fashion-mnist not found in " + dir + ": install the Debian package dataset-fashion-mnist"
                + " (scripts/install-deps does)", m);
    }

    @Test
    void aDirectoryOverrideReadsTheSameLayout(@TempDir Path dir) {
        byte[] px = new byte[2 * 28 * 28];
        px[5] = (byte) 255;
        Idx.write(dir.resolve("t10k-images-idx3-ubyte.gz"), Idx.gzip(Idx.images(2, 28, 28, px)));
        Idx.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), Idx.gzip(Idx.labels(new byte[] {3, 8})));
        ByteDataset test = FashionMnist.test(dir);
        assertEquals(2, test.size());
        assertEquals(8, test.label(1));
        float[] img = new float[784];
        test.image(0, img, 0);
        assertEquals(1f, img[5]);
        Idx.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), Idx.gzip(Idx.labels(new byte[] {3, 12})));
        fails(() -> FashionMnist.test(dir), "t10k-labels-idx1-ubyte.gz", "example 1 label 12", "expected 0..9");
    }
}
