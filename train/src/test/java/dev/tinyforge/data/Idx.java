package dev.tinyforge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.function.Executable;

/** Hand-written IDX bytes and the one-line-message check that the data tests share. */
final class Idx {
    private Idx() {
    }

    /** An IDX file: magic {@code 0x0000 dtype rank}, the dimensions big-endian, then {@code data}. */
    static byte[] bytes(int dtype, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) dtype).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] images(int n, int rows, int cols, byte[] pixels) {
        return bytes(0x08, new int[] {n, rows, cols}, pixels);
    }

    static byte[] labels(byte[] labels) {
        return bytes(0x08, new int[] {labels.length}, labels);
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts a DatasetException with a one-line message holding every fragment and no exception class name. */
    static String fails(Executable call, String... fragments) {
        DatasetException e = assertThrows(DatasetException.class, call);
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
        assertFalse(m.contains("Exception"), "no exception name: " + m);
        for (String f : fragments) {
            assertTrue(m.contains(f), "'" + f + "' in: " + m);
        }
        return m;
    }

    static void assertBytes(byte[] expected, ByteDataset d) {
        assertEquals(expected.length, d.pixels().length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], d.pixels()[i], "byte " + i);
        }
    }
}
