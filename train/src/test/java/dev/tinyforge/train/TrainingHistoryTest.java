package dev.tinyforge.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingHistoryTest {
    @Test
    void writesAndReadsJson(@TempDir Path dir) throws Exception {
        TrainingHistory h = new TrainingHistory(List.of(new EpochRecord(1, 1.5, 0.25, null, null, 0.05, 812.5, 3.0)))
                .plus(new EpochRecord(2, 0.75, 0.5, 0.9, 0.625, 0.025, 900, 2.5));
        Path f = dir.resolve("history.json");
        h.write(f);
        String json = Files.readString(f);
        assertTrue(json.contains("\"validationAccuracy\" : 0.625"), json);
        TrainingHistory back = TrainingHistory.fromJson(json);
        assertEquals(h, back);
        assertNull(back.epochs().get(0).validationLoss());
        assertEquals(2, back.last().epoch());
        assertThrows(IllegalArgumentException.class, () -> TrainingHistory.fromJson("[1, 2]"));
    }
}
