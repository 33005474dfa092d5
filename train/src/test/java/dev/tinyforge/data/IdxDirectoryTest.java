package dev.tinyforge.data;

import static dev.tinyforge.data.Idx.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDirectoryTest {
    @TempDir
    Path dir;

    private void pair(String set, byte[] labels, boolean gzip) {
        byte[] px = new byte[labels.length * 6];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) i;
        }
        byte[] images = Idx.images(labels.length, 2, 3, px);
        byte[] lbl = Idx.labels(labels);
        Idx.write(dir.resolve(set + "-images-idx3-ubyte" + (gzip ? ".gz" : "")), gzip ? Idx.gzip(images) : images);
        Idx.write(dir.resolve(set + "-labels-idx1-ubyte" + (gzip ? ".gz" : "")), gzip ? Idx.gzip(lbl) : lbl);
    }

    @Test
    void classesAreNumberedUpToTheLargestLabel() {
        pair("train", new byte[] {0, 4, 2}, false);
        pair("t10k", new byte[] {1}, true);
        IdxDirectory d = IdxDirectory.open(dir);
        assertEquals(List.of("0", "1", "2", "3", "4"), d.train().classNames());
        assertEquals(d.train().classNames(), d.test().orElseThrow().classNames());
        assertEquals(new ImageShape(2, 3, 1), d.train().shape());
        assertEquals(3, d.train().size());
        assertEquals(1, d.test().orElseThrow().size());
        assertEquals("idx:" + dir + " train", d.train().name());
    }

    @Test
    void classesTxtNamesThem() throws IOException {
        pair("train", new byte[] {0, 1, 1}, true);
        Files.writeString(dir.resolve("classes.txt"), "cat\ndog\n\n");
        IdxDirectory d = IdxDirectory.open(dir);
        assertEquals(List.of("cat", "dog"), d.train().classNames());
        assertTrue(d.test().isEmpty());
        Files.writeString(dir.resolve("classes.txt"), "cat\n");
        fails(() -> IdxDirectory.open(dir), "classes.txt", "names 1 classes", "labels go up to 1");
    }

    @Test
    void testNamedTestIsFoundToo() {
        pair("train", new byte[] {0, 1}, false);
        pair("test", new byte[] {1, 0}, false);
        assertEquals(2, IdxDirectory.open(dir).test().orElseThrow().size());
    }

    @Test
    void errors() throws IOException {
        fails(() -> IdxDirectory.open(dir.resolve("absent")), "absent", "not a directory", "train-images");
        fails(() -> IdxDirectory.open(dir), dir.toString(), "no train-images file");
        pair("train", new byte[] {0, 1}, false);
        Files.delete(dir.resolve("train-labels-idx1-ubyte"));
        fails(() -> IdxDirectory.open(dir), "no train-labels file");
        pair("train", new byte[] {0, 1}, true);
        fails(() -> IdxDirectory.open(dir), "both train-images-idx3-ubyte and train-images-idx3-ubyte.gz",
                "remove the other");
        Files.delete(dir.resolve("train-images-idx3-ubyte"));
        Idx.write(dir.resolve("t10k-images-idx3-ubyte"), Idx.images(1, 2, 3, new byte[6]));
        fails(() -> IdxDirectory.open(dir), "t10k-images-idx3-ubyte without its labels file");
        Idx.write(dir.resolve("t10k-labels-idx1-ubyte"), Idx.labels(new byte[] {0, 1}));
        fails(() -> IdxDirectory.open(dir), "holds 1 images", "holds 2 labels");
    }
}
