package dev.tinyforge.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * One IDX file (the format of MNIST and Fashion-MNIST: magic {@code 0x00000803} for u8 images
 * [n, rows, cols], {@code 0x00000801} for u8 labels [n]), plain or gzip-compressed, read whole into
 * memory. The reader is strict and bounded because the files come from users: a header that declares
 * more bytes than the file can hold is refused before anything is allocated, and every defect is a
 * {@link DatasetException} with one line naming the file, never an OutOfMemoryError.
 */
public final class IdxFile {
    /** The largest byte array Java reliably allocates. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;
    /** Deflate cannot expand data by more than about 1032:1, so a gzip file of F bytes holds at most this times F. */
    private static final long MAX_GZIP_RATIO = 1032;
    private static final int U8 = 0x08;

    private final Path file;
    private final int[] dims;
    private final byte[] data;

    private IdxFile(Path file, int[] dims, byte[] data) {
        this.file = file;
        this.dims = dims;
        this.data = data;
    }

    /** Reads an images file: magic {@code 0x00000803}, u8 [n, rows, cols]. */
    public static IdxFile readImages(Path file) {
        return read(file, 3);
    }

    /** Reads a labels file: magic {@code 0x00000801}, u8 [n]. */
    public static IdxFile readLabels(Path file) {
        return read(file, 1);
    }

    /** Checks that an images file and a labels file describe the same number of examples. */
    public static void checkPair(IdxFile images, IdxFile labels) {
        if (images.count() != labels.count()) {
            throw new DatasetException(images.file + " holds " + images.count() + " images but " + labels.file
                    + " holds " + labels.count() + " labels, expected the same count: take both files from the"
                    + " same set (train with train, t10k with t10k)");
        }
    }

    public Path file() {
        return file;
    }

    /** Examples in the file (its first dimension). */
    public int count() {
        return dims[0];
    }

    /** Rows of each image (images files only). */
    public int rows() {
        return dims[1];
    }

    /** Columns of each image (images files only). */
    public int cols() {
        return dims[2];
    }

    /** The data bytes after the header, row-major; not copied. */
    public byte[] data() {
        return data;
    }

    /** The data as unsigned label values. */
    public int[] labels() {
        int[] labels = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            labels[i] = data[i] & 0xFF;
        }
        return labels;
    }

    static IdxFile read(Path file, int rank) {
        long fileSize;
        try {
            fileSize = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + " not found, expected an IDX " + kind(rank) + " file: check the path");
        } catch (IOException e) {
            throw new DatasetException(file + " cannot be read (" + oneLine(e) + "): check its permissions");
        }
        InputStream opened;
        try {
            opened = Files.newInputStream(file);
        } catch (IOException e) {
            throw new DatasetException(file + " cannot be read (" + oneLine(e) + "): check its permissions");
        }
        try (InputStream raw = new BufferedInputStream(opened, 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            return read(file, rank, fileSize, gzip, in);
        } catch (IOException e) {
            throw new DatasetException(file + " is damaged (" + oneLine(e) + "), expected a complete IDX"
                    + " file, plain or gzip: download it again");
        }
    }

    private static IdxFile read(Path file, int rank, long fileSize, boolean gzip, InputStream in)
            throws IOException {
        int headerBytes = 4 + 4 * rank;
        byte[] header = new byte[headerBytes];
        int got = in.readNBytes(header, 0, 4);
        if (got < 4) {
            throw new DatasetException(file + " holds " + got + " bytes" + (gzip ? " after decompression" : "")
                    + ", too short for an IDX header (expected magic " + hex(0x800 | rank, 8) + "): download it"
                    + " again");
        }
        if (header[0] != 0 || header[1] != 0) {
            throw new DatasetException(file + " is not an IDX file: it starts with " + hex(header[0] & 0xFF, 2) + " "
                    + hex(header[1] & 0xFF, 2) + ", expected magic " + hex(0x800 | rank, 8) + " (an IDX " + kind(rank)
                    + " file such as train-" + kind(rank) + "-idx" + rank + "-ubyte.gz): pass the right file");
        }
        int dtype = header[2] & 0xFF;
        if (dtype != U8) {
            throw new DatasetException(file + " holds elements of type " + hex(dtype, 2) + " (" + dtypeName(dtype)
                    + "), expected " + hex(U8, 2) + " (unsigned byte): convert the data to u8 (0..255) IDX");
        }
        int fileRank = header[3] & 0xFF;
        if (fileRank != rank) {
            throw new DatasetException(file + " has magic " + hex(0x800 | fileRank, 8) + " (rank " + fileRank
                    + (fileRank == 1 || fileRank == 3 ? ", an IDX " + kind(fileRank) + " file" : "") + "), expected "
                    + hex(0x800 | rank, 8) + " (rank " + rank + ", an IDX " + kind(rank) + " file): "
                    + (fileRank == 1 || fileRank == 3 ? "are the images and labels files swapped?" : "pass the right file"));
        }
        got = in.readNBytes(header, 4, headerBytes - 4);
        if (got < headerBytes - 4) {
            throw new DatasetException(file + " ends inside its header (" + (4 + got) + " of " + headerBytes
                    + " bytes), expected " + rank + " dimensions: download it again");
        }
        int[] dims = new int[rank];
        long total = 1;
        for (int d = 0; d < rank; d++) {
            int p = 4 + 4 * d;
            dims[d] = ((header[p] & 0xFF) << 24) | ((header[p + 1] & 0xFF) << 16) | ((header[p + 2] & 0xFF) << 8)
                    | (header[p + 3] & 0xFF);
            if (dims[d] < 1) {
                throw new DatasetException(file + " declares dimension " + d + " as " + Integer.toUnsignedString(dims[d])
                        + ", expected 1.." + Integer.MAX_VALUE + ": the header is damaged or the file is empty;"
                        + " download it again");
            }
            total = total > Long.MAX_VALUE / dims[d] ? Long.MAX_VALUE : total * dims[d];
        }
        String declared = shapeText(dims) + " = " + (total == Long.MAX_VALUE ? "over " + Long.MAX_VALUE
                : String.valueOf(total)) + " bytes";
        long available = fileSize - headerBytes;
        if (!gzip && total > available) {
            throw new DatasetException(file + " declares " + declared + " but holds " + Math.max(0, available)
                    + " bytes after its header, expected the two to agree: the file is truncated or not IDX;"
                    + " download it again");
        }
        if (gzip && total > fileSize * MAX_GZIP_RATIO) {
            throw new DatasetException(file + " declares " + declared + ", more than a " + fileSize
                    + "-byte gzip file can hold (at most " + MAX_GZIP_RATIO + " times its size): the header is"
                    + " damaged; download it again");
        }
        if (total > MAX_BYTES) {
            throw new DatasetException(file + " declares " + declared + ", expected at most " + MAX_BYTES
                    + " bytes per file: split the dataset into several IDX files");
        }
        if (!gzip && total < available) {
            throw new DatasetException(file + " declares " + declared + " but holds " + available
                    + " bytes after its header, expected the two to agree: the header or the file is damaged;"
                    + " download it again");
        }
        byte[] data = new byte[(int) total];
        got = in.readNBytes(data, 0, data.length);
        if (got < data.length) {
            throw new DatasetException(file + " ends after " + got + " of its " + declared + (gzip ? " (decompressed)"
                    : "") + ": the file is truncated; download it again");
        }
        if (gzip && in.read() != -1) {
            throw new DatasetException(file + " holds more than the " + declared + " its header declares, expected"
                    + " exactly that many: the header or the file is damaged; download it again");
        }
        return new IdxFile(file, dims, data);
    }

    private static String kind(int rank) {
        return rank == 1 ? "labels" : "images";
    }

    private static String shapeText(int[] dims) {
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < dims.length; d++) {
            s.append(d == 0 ? "" : " x ").append(Integer.toUnsignedString(dims[d]));
        }
        return s.toString();
    }

    private static String dtypeName(int dtype) {
        return switch (dtype) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0B -> "16-bit integer";
            case 0x0C -> "32-bit integer";
            case 0x0D -> "32-bit float";
            case 0x0E -> "64-bit float";
            default -> "not an IDX type";
        };
    }

    private static String hex(int value, int digits) {
        return String.format("0x%0" + digits + "X", value);
    }

    private static String oneLine(IOException e) {
        String m = e.getMessage();
        return m == null ? "read failed" : m.replace('\n', ' ').replace('\r', ' ');
    }
}
