package dev.tinyforge.data;

import static dev.tinyforge.data.Idx.fails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir
    Path dir;

    private static byte[] pixels(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 37);
        }
        return p;
    }

    @Test
    void plainImagesAndLabelsRoundTrip() {
        byte[] px = pixels(3 * 4 * 5);
        IdxFile images = IdxFile.readImages(Idx.write(dir.resolve("img"), Idx.images(3, 4, 5, px)));
        IdxFile labels = IdxFile.readLabels(Idx.write(dir.resolve("lbl"), Idx.labels(new byte[] {0, 7, (byte) 200})));
        assertEquals(3, images.count());
        assertEquals(4, images.rows());
        assertEquals(5, images.cols());
        assertArrayEquals(px, images.data());
        assertArrayEquals(new int[] {0, 7, 200}, labels.labels());
        IdxFile.checkPair(images, labels);
    }

    @Test
    void gzipIsFoundByItsMagicWhateverTheName() {
        byte[] px = pixels(2 * 3 * 3);
        Path unnamed = Idx.write(dir.resolve("images-without-suffix"), Idx.gzip(Idx.images(2, 3, 3, px)));
        assertArrayEquals(px, IdxFile.readImages(unnamed).data());
        Path misnamed = Idx.write(dir.resolve("plain.gz"), Idx.images(2, 3, 3, px));
        assertArrayEquals(px, IdxFile.readImages(misnamed).data());
        Path labels = Idx.write(dir.resolve("l.gz"), Idx.gzip(Idx.labels(new byte[] {1, 2})));
        assertArrayEquals(new int[] {1, 2}, IdxFile.readLabels(labels).labels());
    }

    @Test
    void missingFile() {
        fails(() -> IdxFile.readImages(dir.resolve("nope")), "nope", "not found", "images");
    }

    @Test
    void emptyFile() {
        Path f = Idx.write(dir.resolve("empty"), new byte[0]);
        fails(() -> IdxFile.readImages(f), f.toString(), "0 bytes", "too short", "0x00000803");
    }

    @Test
    void wrongMagic() {
        Path f = Idx.write(dir.resolve("text.idx"), "hello, world".getBytes());
        fails(() -> IdxFile.readImages(f), f.toString(), "not an IDX file", "0x68 0x65", "expected magic 0x00000803");
    }

    @Test
    void wrongDtype() {
        Path f = Idx.write(dir.resolve("floats"), Idx.bytes(0x0D, new int[] {1, 1, 1}, new byte[4]));
        fails(() -> IdxFile.readImages(f), f.toString(), "0x0D (32-bit float)", "expected 0x08 (unsigned byte)",
                "convert");
    }

    @Test
    void labelsReadAsImagesSaysSwapped() {
        Path f = Idx.write(dir.resolve("labels"), Idx.labels(new byte[] {1}));
        fails(() -> IdxFile.readImages(f), f.toString(), "magic 0x00000801", "expected 0x00000803", "swapped");
        Path g = Idx.write(dir.resolve("images"), Idx.images(1, 1, 1, new byte[1]));
        fails(() -> IdxFile.readLabels(g), g.toString(), "magic 0x00000803", "expected 0x00000801", "swapped");
    }

    @Test
    void truncatedHeader() {
        byte[] whole = Idx.images(2, 2, 2, new byte[8]);
        Path f = Idx.write(dir.resolve("short"), Arrays.copyOf(whole, 9));
        fails(() -> IdxFile.readImages(f), f.toString(), "ends inside its header", "9 of 16");
    }

    @Test
    void truncatedData() {
        byte[] whole = Idx.images(10, 4, 4, pixels(160));
        byte[] cut = Arrays.copyOf(whole, whole.length - 5);
        Path f = Idx.write(dir.resolve("cut"), cut);
        fails(() -> IdxFile.readImages(f), f.toString(), "10 x 4 x 4 = 160 bytes", "holds 155", "truncated");
        Path g = Idx.write(dir.resolve("cut.gz"), Idx.gzip(cut));
        fails(() -> IdxFile.readImages(g), g.toString(), "ends after 155 of its 10 x 4 x 4 = 160 bytes", "truncated");
    }

    @Test
    void cutGzipStream() {
        byte[] gz = Idx.gzip(Idx.images(100, 8, 8, pixels(6400)));
        Path f = Idx.write(dir.resolve("cut-stream.gz"), Arrays.copyOf(gz, gz.length / 2));
        fails(() -> IdxFile.readImages(f), f.toString(), "download it again");
    }

    @Test
    void damagedGzipStream() {
        byte[] gz = Idx.gzip(Idx.images(100, 8, 8, pixels(6400)));
        for (int i = 20; i < gz.length - 8; i++) {
            gz[i] = (byte) 0xFF;
        }
        Path f = Idx.write(dir.resolve("damaged.gz"), gz);
        fails(() -> IdxFile.readImages(f), f.toString(), "download it again");
    }

    @Test
    void absurdDimensionsAreRefusedBeforeAllocating() {
        byte[] plain = Idx.bytes(0x08, new int[] {2_000_000_000, 60_000, 60_000}, new byte[16]);
        Path f = Idx.write(dir.resolve("huge"), plain);
        fails(() -> IdxFile.readImages(f), f.toString(), "2000000000 x 60000 x 60000", "holds 16 bytes");
        Path g = Idx.write(dir.resolve("huge.gz"), Idx.gzip(plain));
        fails(() -> IdxFile.readImages(g), g.toString(), "2000000000 x 60000 x 60000", "gzip file can hold");
        byte[] big = Idx.bytes(0x08, new int[] {1_000_000, 100, 100}, new byte[0]);
        Path h = Idx.write(dir.resolve("big.gz"), Idx.gzip(big));
        fails(() -> IdxFile.readImages(h), h.toString(), "= 10000000000 bytes", "gzip file can hold");
    }

    @Test
    void zeroAndNegativeDimensions() {
        Path f = Idx.write(dir.resolve("zero"), Idx.bytes(0x08, new int[] {0, 28, 28}, new byte[0]));
        fails(() -> IdxFile.readImages(f), f.toString(), "dimension 0 as 0");
        Path g = Idx.write(dir.resolve("neg"), Idx.bytes(0x08, new int[] {1, -1, 28}, new byte[0]));
        fails(() -> IdxFile.readImages(g), g.toString(), "dimension 1 as 4294967295");
    }

    @Test
    void trailingBytes() {
        byte[] whole = Idx.labels(new byte[] {1, 2, 3});
        byte[] longer = Arrays.copyOf(whole, whole.length + 2);
        Path f = Idx.write(dir.resolve("long"), longer);
        fails(() -> IdxFile.readLabels(f), f.toString(), "declares 3 = 3 bytes but holds 5");
        Path g = Idx.write(dir.resolve("long.gz"), Idx.gzip(longer));
        fails(() -> IdxFile.readLabels(g), g.toString(), "holds more than the 3 = 3 bytes");
    }

    @Test
    void imagesAndLabelsOfDifferentCounts() {
        IdxFile images = IdxFile.readImages(Idx.write(dir.resolve("i"), Idx.images(3, 2, 2, new byte[12])));
        IdxFile labels = IdxFile.readLabels(Idx.write(dir.resolve("l"), Idx.labels(new byte[2])));
        fails(() -> IdxFile.checkPair(images, labels), "holds 3 images", "holds 2 labels", "same set");
    }
}
