package dev.tinyforge.data;

import static dev.tinyforge.data.Idx.fails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir
    Path dir;

    /** A PNG whose pixel (x, y) is gray {@code base + 10 y + x}. */
    private Path gray(String cls, String name, int w, int h, int base) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, base + 10 * y + x);
            }
        }
        return png(cls, name, img);
    }

    /** A translucent RGBA PNG whose pixel (x, y) is (base + x, base + y, 7). */
    private Path rgba(String cls, String name, int w, int h, int base) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (0x80 << 24) | ((base + x) << 16) | ((base + y) << 8) | 7);
            }
        }
        return png(cls, name, img);
    }

    private Path png(String cls, String name, BufferedImage img) {
        try {
            Path f = Files.createDirectories(dir.resolve(cls)).resolve(name);
            ImageIO.write(img, "png", f.toFile());
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void grayFolderKeepsBytesSortedByClassThenFile() throws IOException {
        gray("zebra", "b.png", 3, 2, 100);
        gray("zebra", "a.PNG", 3, 2, 50);
        gray("ant", "x.png", 3, 2, 0);
        Files.writeString(dir.resolve("ant").resolve("notes.txt"), "ignored");
        Files.createDirectories(dir.resolve(".cache"));
        ByteDataset d = ImageFolder.load(dir);
        assertEquals(List.of("ant", "zebra"), d.classNames());
        assertEquals(new ImageShape(2, 3, 1), d.shape());
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {0, 1, 1}, d.labels());
        Idx.assertBytes(new byte[] {0, 1, 2, 10, 11, 12, 50, 51, 52, 60, 61, 62, 100, 101, 102, 110, 111, 112}, d);
        float[] img = new float[6];
        d.image(2, img, 0);
        assertEquals(111 / 255f, img[4]);
    }

    @Test
    void colourDropsAlphaAndMixedFoldersGetThreeChannels() {
        rgba("cats", "c.png", 2, 1, 200);
        gray("dogs", "d.png", 2, 1, 9);
        ByteDataset d = ImageFolder.load(dir);
        assertEquals(new ImageShape(1, 2, 3), d.shape());
        Idx.assertBytes(new byte[] {(byte) 200, (byte) 200, 7, (byte) 201, (byte) 200, 7, 9, 9, 9, 10, 10, 10}, d);
    }

    @Test
    void jpegIsRead() throws IOException {
        BufferedImage img = new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB);
        Path f = Files.createDirectories(dir.resolve("a")).resolve("p.jpeg");
        ImageIO.write(img, "jpeg", f.toFile());
        gray("b", "q.png", 8, 4, 0);
        assertEquals(new ImageShape(4, 8, 3), ImageFolder.load(dir).shape());
    }

    @Test
    void errors() throws IOException {
        fails(() -> ImageFolder.load(dir.resolve("absent")), "absent", "not a directory");
        gray("only", "a.png", 2, 2, 0);
        fails(() -> ImageFolder.load(dir), dir.toString(), "holds 1 class directory", "at least 2");
        Files.createDirectories(dir.resolve("empty"));
        Files.writeString(dir.resolve("empty").resolve("readme.md"), "no images");
        fails(() -> ImageFolder.load(dir), "empty", "no .png, .jpg or .jpeg file");
        Path big = gray("empty", "big.png", 3, 2, 0);
        fails(() -> ImageFolder.load(dir), big.toString(), "is 3x2", dir.resolve("empty").resolve("big.png") + " is 3x2",
                dir.resolve("only").resolve("a.png") + " is 2x2", "one size");
        Files.delete(big);
        Path bad = Files.writeString(dir.resolve("empty").resolve("broken.jpg"), "not a jpeg at all");
        fails(() -> ImageFolder.load(dir), bad.toString(), "PNG or JPEG", "replace or remove it");
    }
}
