package dev.tinyforge.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A user's photos in torchvision's ImageFolder layout, {@code DIR/<class>/*.png|jpg|jpeg}: classes are
 * the subdirectories sorted by name (label = position), files within a class sorted by name, so the
 * labels and order never depend on the file system. Other files and hidden directories are ignored.
 *
 * <p>All images must have one size: the model has one resolution, and silently resizing here would
 * hide a mixed folder ({@link Resized} brings the one size to the model's). Grayscale images give 1
 * channel, colour ones 3 (alpha dropped); a folder mixing both gives 3, the gray ones replicated.
 * Pixels are kept as bytes.
 */
public final class ImageFolder {
    private ImageFolder() {
    }

    public static ByteDataset load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(dir + " is not a directory, expected DIR/<class>/*.png|jpg: check the path");
        }
        List<Path> classDirs = list(dir).stream().filter(Files::isDirectory)
                .filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        if (classDirs.size() < 2) {
            throw new DatasetException(dir + " holds " + classDirs.size() + " class director"
                    + (classDirs.size() == 1 ? "y" : "ies") + ", expected at least 2 (DIR/<class>/*.png|jpg):"
                    + " add a subdirectory per class");
        }
        List<String> classNames = new ArrayList<>();
        List<Decoded> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Decoded first = null;
        int maxChannels = 1;
        for (Path classDir : classDirs) {
            List<Path> files = list(classDir).stream().filter(ImageFolder::isImage).toList();
            if (files.isEmpty()) {
                throw new DatasetException(classDir + " holds no .png, .jpg or .jpeg file, expected at least one"
                        + " image per class: add images or remove the directory");
            }
            for (Path file : files) {
                Decoded d = decode(file);
                if (first == null) {
                    first = d;
                } else if (d.height != first.height || d.width != first.width) {
                    throw new DatasetException(file + " is " + d.width + "x" + d.height + " but " + first.file
                            + " is " + first.width + "x" + first.height + ", expected one size for all images:"
                            + " resize them to one size (the model's resolution is set later)");
                }
                images.add(d);
                labels.add(classNames.size());
                maxChannels = Math.max(maxChannels, d.channels);
                if ((long) images.size() * d.height * d.width * maxChannels > IdxFile.MAX_BYTES) {
                    throw new DatasetException(dir + " holds more than " + (images.size() - 1) + " images of "
                            + d.width + "x" + d.height + "x" + maxChannels + ", expected at most " + IdxFile.MAX_BYTES
                            + " bytes in all: use fewer or smaller images");
                }
            }
            classNames.add(classDir.getFileName().toString());
        }
        int channels = maxChannels;
        ImageShape shape = new ImageShape(first.height, first.width, channels);
        long total = (long) images.size() * shape.size();
        byte[] pixels = new byte[(int) total];
        int[] labelArray = new int[images.size()];
        for (int i = 0; i < images.size(); i++) {
            Decoded d = images.get(i);
            int at = i * shape.size();
            if (d.channels == channels) {
                System.arraycopy(d.pixels, 0, pixels, at, d.pixels.length);
            } else {
                for (int p = 0; p < d.pixels.length; p++) {
                    for (int c = 0; c < channels; c++) {
                        pixels[at + p * channels + c] = d.pixels[p];
                    }
                }
            }
            labelArray[i] = labels.get(i);
        }
        return new ByteDataset("folder:" + dir, shape, classNames, pixels, labelArray);
    }

    /** One decoded file: its size and its bytes, HWC with 1 or 3 channels. */
    private record Decoded(Path file, int height, int width, int channels, byte[] pixels) {
    }

    private static Decoded decode(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(file + " cannot be decoded (" + describe(e) + "), expected a PNG or JPEG"
                    + " image: replace or remove it");
        }
        if (img == null) {
            throw new DatasetException(file + " is not an image Java can read, expected a PNG or JPEG: replace or"
                    + " remove it");
        }
        int h = img.getHeight();
        int w = img.getWidth();
        // Gray images are read from the raster: getRGB would pass them through a gamma curve.
        if (img.getColorModel().getNumColorComponents() == 1) {
            Raster r = img.getRaster();
            int max = (1 << img.getColorModel().getComponentSize(0)) - 1;
            byte[] px = new byte[h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = r.getSample(x, y, 0);
                    px[y * w + x] = (byte) (max == 255 ? v : Math.round(v * 255.0 / max));
                }
            }
            return new Decoded(file, h, w, 1, px);
        }
        byte[] px = new byte[h * w * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int at = (y * w + x) * 3;
                px[at] = (byte) (row[x] >> 16);
                px[at + 1] = (byte) (row[x] >> 8);
                px[at + 2] = (byte) row[x];
            }
        }
        return new Decoded(file, h, w, 3, px);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && !n.startsWith(".")
                && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new DatasetException(dir + " cannot be listed (" + describe(e) + "): check its permissions");
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null ? "unreadable" : m.replace('\n', ' ').replace('\r', ' ');
    }
}
