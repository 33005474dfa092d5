package dev.tinyforge.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@link Checkpoint}s: an 8-byte magic, a JSON header (fingerprint, options,
 * progress, history, tensor names and shapes), the tensors' float32 values little-endian, and a
 * SHA-256 of everything before it. Writing goes to a temporary file in the same directory, forced to
 * disk, then renamed over the target in one atomic step, so a run killed mid-write leaves the previous
 * checkpoint or none; a file cut short or altered fails its checksum and is refused.
 */
public final class CheckpointFile {
    private static final byte[] MAGIC = "TFGCKPT1".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointFile() {
    }

    private record Entry(String group, String name, long[] shape) {
    }

    private record Header(String fingerprint, TrainOptions options, int epochsDone, long steps,
            TrainingHistory history, List<Entry> tensors) {
    }

    /** Writes {@code c} to {@code file} atomically (temporary file, fsync, rename). */
    public static void write(Path file, Checkpoint c) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                MessageDigest sha = sha256();
                OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                DigestOutputStream digesting = new DigestOutputStream(raw, sha);
                DataOutputStream out = new DataOutputStream(digesting);
                List<Entry> entries = new ArrayList<>();
                List<float[]> values = new ArrayList<>();
                collect("network", c.network(), entries, values);
                collect("optimizer", c.optimizer(), entries, values);
                byte[] header = JSON.writeValueAsBytes(new Header(c.fingerprint(), c.options(), c.epochsDone(),
                        c.steps(), c.history(), entries));
                out.write(MAGIC);
                out.writeInt(header.length);
                out.write(header);
                for (float[] v : values) {
                    writeFloats(out, v);
                }
                out.flush();
                digesting.on(false);
                raw.write(sha.digest());
                raw.flush();
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * @throws IllegalArgumentException in one line, when the file is missing, not a checkpoint, or
     *     incomplete or damaged
     */
    public static Checkpoint read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("checkpoint " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException(file + " is not a TinyForge training checkpoint");
        }
        int body = bytes.length - DIGEST;
        MessageDigest sha = sha256();
        sha.update(bytes, 0, Math.max(0, body));
        if (body < MAGIC.length + 4 || !Arrays.equals(sha.digest(), 0, DIGEST, bytes, body, bytes.length)) {
            throw new IllegalArgumentException("checkpoint " + file
                    + " is incomplete or damaged (its checksum does not match); it cannot be resumed");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, body).order(ByteOrder.BIG_ENDIAN);
        in.position(MAGIC.length);
        int headerLength = in.getInt();
        Header h;
        try {
            h = JSON.readValue(bytes, in.position(), headerLength, Header.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("checkpoint " + file + " has an unreadable header: " + e.getMessage());
        }
        in.position(in.position() + headerLength);
        in.order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Checkpoint.StoredTensor> network = new LinkedHashMap<>();
        Map<String, Checkpoint.StoredTensor> optimizer = new LinkedHashMap<>();
        for (Entry e : h.tensors()) {
            float[] v = new float[(int) Arrays.stream(e.shape()).reduce(1, (a, b) -> a * b)];
            in.asFloatBuffer().get(v);
            in.position(in.position() + 4 * v.length);
            (e.group().equals("network") ? network : optimizer).put(e.name(),
                    new Checkpoint.StoredTensor(e.shape(), v));
        }
        return new Checkpoint(h.fingerprint(), h.options(), h.epochsDone(), h.steps(), h.history(), network,
                optimizer);
    }

    private static void collect(String group, Map<String, Checkpoint.StoredTensor> tensors, List<Entry> entries,
            List<float[]> values) {
        tensors.forEach((name, t) -> {
            entries.add(new Entry(group, name, t.shape()));
            values.add(t.values());
        });
    }

    private static void writeFloats(DataOutputStream out, float[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * Math.min(v.length, 1 << 14)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; ) {
            b.clear();
            int n = Math.min(v.length - i, b.capacity() / 4);
            b.asFloatBuffer().put(v, i, n);
            out.write(b.array(), 0, 4 * n);
            i += n;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the original failure is the one to report
            }
        }
    }
}
