package dev.tinyforge.tflite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads a model file into memory with a size limit, so that a wrong path ({@code /dev/zero}, a FIFO,
 * a 3 GB file) ends in one clear line instead of a blocked process or an OutOfMemoryError.
 *
 * <p>The file must be a regular file; this is checked before it is opened, since opening a FIFO blocks
 * until a writer appears. The limit is {@value #DEFAULT_LIMIT} bytes (512 MiB: microcontroller models
 * are a few MB at most), or the value of the system property {@value #LIMIT_PROPERTY}. At most limit + 1
 * bytes are read even if the file grows while it is read.
 */
public final class ModelBytes {
    /** System property that overrides the size limit, in bytes. */
    public static final String LIMIT_PROPERTY = "tinyforge.maxModelBytes";
    public static final long DEFAULT_LIMIT = 512L << 20;
    /** The largest limit honoured: the largest Java array, and about what one flatbuffer can address. */
    static final long MAX_LIMIT = Integer.MAX_VALUE - 16;

    private ModelBytes() {
    }

    /**
     * Reads a whole file.
     *
     * @throws NoSuchFileException when the file does not exist (its message is the path)
     * @throws ModelFormatException naming the path for a directory, a device, a FIFO, or a file over the limit
     * @throws IOException for other I/O failures (permission denied, read errors)
     */
    public static byte[] read(Path path) throws IOException {
        return read(path, limit());
    }

    /** The size limit in force: {@value #LIMIT_PROPERTY} if set, else {@value #DEFAULT_LIMIT}. */
    public static long limit() {
        String value = System.getProperty(LIMIT_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            long limit = Long.parseLong(value.strip());
            if (limit >= 0) {
                return Math.min(limit, MAX_LIMIT);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property " + LIMIT_PROPERTY + "='" + value
                + "' is not a byte count; give a whole number of bytes, e.g. " + DEFAULT_LIMIT);
    }

    static byte[] read(Path path, long limit) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString());
        }
        if (attributes.isDirectory()) {
            throw new ModelFormatException(path + " is a directory; give the path of a file");
        }
        if (!attributes.isRegularFile()) {
            throw new ModelFormatException(path + " is not a regular file (a device, FIFO or socket); "
                    + "give the path of a file");
        }
        if (attributes.size() > limit) {
            throw tooLarge(path, attributes.size() + " bytes", limit);
        }
        try (InputStream in = Files.newInputStream(path)) {
            return readAtMost(in, (int) attributes.size(), limit, path);
        }
    }

    /** Reads to the end, expecting about {@code expected} bytes; refuses past {@code limit}. */
    private static byte[] readAtMost(InputStream in, int expected, long limit, Path path) throws IOException {
        byte[] buf = new byte[expected];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                // Full: either the end (the usual case, no copy) or the file grew since it was sized.
                int next = in.read();
                if (next < 0) {
                    return buf;
                }
                if (n + 1L > limit) {
                    throw tooLarge(path, "more than " + limit + " bytes (it grew while being read)", limit);
                }
                buf = Arrays.copyOf(buf, (int) Math.min(limit + 1, Math.max(n + 1L, 2L * n)));
                buf[n++] = (byte) next;
                continue;
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                return Arrays.copyOf(buf, n);
            }
            n += r;
            if (n > limit) {
                throw tooLarge(path, "more than " + limit + " bytes (it grew while being read)", limit);
            }
        }
    }

    private static ModelFormatException tooLarge(Path path, String size, long limit) {
        return new ModelFormatException(path + " is " + size + ", over the " + limit + "-byte limit for a model "
                + "file; check the path, or raise the limit with -D" + LIMIT_PROPERTY + "=BYTES");
    }
}
