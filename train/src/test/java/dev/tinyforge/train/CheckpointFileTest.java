package dev.tinyforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints round-trip exactly, replace the previous one atomically, and refuse to load when cut
 * short or altered.
 */
class CheckpointFileTest {
    @TempDir
    Path dir;

    private static Checkpoint sample(int epochs) {
        Map<String, Checkpoint.StoredTensor> net = new LinkedHashMap<>();
        net.put("conv/filter", new Checkpoint.StoredTensor(new long[] {2, 1, 1, 3},
                new float[] {1.5f, -0f, Float.MIN_VALUE, 3e38f, -7f, 0.1f}));
        net.put("conv/bn/mean", new Checkpoint.StoredTensor(new long[] {2}, new float[] {0.25f, -0.5f}));
        Map<String, Checkpoint.StoredTensor> opt = Map.of("conv/filter/momentum",
                new Checkpoint.StoredTensor(new long[] {6}, new float[] {1, 2, 3, 4, 5, 6}));
        TrainingHistory h = new TrainingHistory(List.of(new EpochRecord(1, 1.25, 0.5, null, null, 0.1, 900, 2.5)));
        return new Checkpoint("0123456789abcdef", TrainOptions.defaults(epochs, 8), 1, 40, h, net, opt);
    }

    @Test
    void roundTripsExactly() {
        Path f = dir.resolve("a.ckpt");
        Checkpoint c = sample(3);
        CheckpointFile.write(f, c);
        Checkpoint back = CheckpointFile.read(f);
        assertEquals(c.fingerprint(), back.fingerprint());
        assertEquals(c.options(), back.options());
        assertEquals(c.history(), back.history());
        assertEquals(40, back.steps());
        assertEquals(List.copyOf(c.network().keySet()), List.copyOf(back.network().keySet()));
        for (String k : c.network().keySet()) {
            assertArrayEquals(c.network().get(k).values(), back.network().get(k).values(), 0);
            assertArrayEquals(c.network().get(k).shape(), back.network().get(k).shape());
        }
        assertArrayEquals(c.optimizer().get("conv/filter/momentum").values(),
                back.optimizer().get("conv/filter/momentum").values(), 0);
    }

    @Test
    void replacesThePreviousCheckpointAndLeavesNoTemporaryFile() throws Exception {
        Path f = dir.resolve("run.ckpt");
        CheckpointFile.write(f, sample(3));
        CheckpointFile.write(f, sample(5));
        assertEquals(5, CheckpointFile.read(f).options().epochs());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void refusesTruncatedAlteredOrForeignFiles() throws Exception {
        Path f = dir.resolve("run.ckpt");
        CheckpointFile.write(f, sample(3));
        byte[] bytes = Files.readAllBytes(f);

        Path cut = dir.resolve("cut.ckpt");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 40));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointFile.read(cut));
        assertTrue(e.getMessage().contains("incomplete or damaged"), e.getMessage());

        byte[] flipped = bytes.clone();
        flipped[bytes.length - 60] ^= 1;
        Path altered = dir.resolve("altered.ckpt");
        Files.write(altered, flipped);
        assertThrows(IllegalArgumentException.class, () -> CheckpointFile.read(altered));

        Path foreign = dir.resolve("foreign.ckpt");
        Files.writeString(foreign, "{\"not\": \"a checkpoint\"}");
        e = assertThrows(IllegalArgumentException.class, () -> CheckpointFile.read(foreign));
        assertTrue(e.getMessage().contains("not a TinyForge training checkpoint"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> CheckpointFile.read(dir.resolve("missing.ckpt")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
