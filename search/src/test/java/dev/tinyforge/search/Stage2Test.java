package dev.tinyforge.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.ArchitectureSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage 2 end to end on a tiny proxy: regularized evolution's log, a search stopped after k
 * candidates and resumed writes the same history bytes as one never stopped, and the errors a user
 * can cause are one clear line.
 */
class Stage2Test {
    @TempDir
    Path dir;

    private static Stage2Result run(Stage2Config c, Path d, int evaluations, double seconds, List<String> lines) {
        Progress p = new Progress() {
            @Override
            public void update(String task, int done, int total) {
            }

            @Override
            public void note(String line) {
                lines.add(line);
            }
        };
        return Stage2.run(c, new OfaMobileNetV2Space(), ProxyFixtures.FIT, ProxyFixtures.evaluator(c.seed()), d,
                evaluations, seconds, p);
    }

    @Test
    void evolutionResumedAfterAKillWritesTheSameHistoryAsAnUninterruptedRun() throws Exception {
        Stage2Config c = ProxyFixtures.config("evolution", 7);
        List<String> whole = new ArrayList<>();
        Stage2Result full = run(c, dir.resolve("whole"), 5, Double.POSITIVE_INFINITY, whole);
        assertEquals(5, full.history().size());
        assertEquals("evaluations", full.stoppedBy());
        assertEquals(5, whole.size(), whole.toString());

        List<String> first = new ArrayList<>();
        run(c, dir.resolve("cut"), 2, Double.POSITIVE_INFINITY, first);
        // a kill while the third line was being written leaves a partial line
        Files.writeString(dir.resolve("cut/history.jsonl"), "{\"index\":2,\"strat", java.nio.file.StandardOpenOption.APPEND);
        List<String> resumed = new ArrayList<>();
        Stage2Result r = run(c, dir.resolve("cut"), 5, Double.POSITIVE_INFINITY, resumed);
        assertEquals(2, r.replayed());
        assertTrue(resumed.get(0).endsWith("replayed from the log") && resumed.get(1).endsWith("replayed from the log")
                && !resumed.get(2).endsWith("replayed from the log"), resumed.toString());
        assertArrayEquals(Files.readAllBytes(dir.resolve("whole/history.jsonl")),
                Files.readAllBytes(dir.resolve("cut/history.jsonl")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("whole/winner.json")),
                Files.readAllBytes(dir.resolve("cut/winner.json")));

        ObjectMapper json = new ObjectMapper();
        List<String> log = Files.readAllLines(dir.resolve("whole/history.jsonl"));
        assertEquals(5, log.size());
        for (int i = 0; i < 5; i++) {
            JsonNode n = json.readTree(log.get(i));
            assertEquals(i, n.get("index").asInt());
            assertEquals(i < 3 ? "random" : "mutation", n.get("origin").asText(), log.get(i));
            assertEquals("trained", n.at("/metrics/status").asText());
            ArchitectureSpec spec = ArchitectureSpec.fromJson(n.get("spec").toString(), "history line " + (i + 1));
            assertTrue(SampleFigures.of(spec, ProxyFixtures.FIT).fits());
            if (i >= 3) {
                // the population is the three most recent; the parent won its tournament
                assertEquals(List.of(i - 3, i - 2, i - 1), ints(n.get("population")));
                List<Integer> t = ints(n.get("tournament"));
                assertEquals(2, t.size());
                int parent = n.get("parent").asInt();
                assertTrue(t.contains(parent));
                for (int k : t) {
                    assertTrue(full.history().get(parent).score() >= full.history().get(k).score());
                }
            }
        }
        JsonNode result = json.readTree(dir.resolve("whole/result.json").toFile());
        assertEquals(full.winner().metrics().valAccuracy(), result.at("/winner/proxy_val_accuracy").asDouble());
        for (Candidate k : full.history()) {
            assertTrue(full.winner().score() >= k.score());
        }
        assertEquals(ProxyFixtures.FIT.board().id(), result.get("board").asText());
        assertEquals(Stage2Result.FINAL_TRAINING_TODO, result.get("final_training").asText());
    }

    @Test
    void randomSearchAndItsErrors() throws Exception {
        Stage2Config c = ProxyFixtures.config("random", 3);
        Stage2Result r = run(c, dir.resolve("random"), 2, Double.POSITIVE_INFINITY, new ArrayList<>());
        assertEquals(2, r.history().size());
        for (Candidate k : r.history()) {
            assertEquals("random", k.proposal().origin());
            assertTrue(ProxyFixtures.CELL.contains(k.genome()));
        }

        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> run(ProxyFixtures.config("random", 4), dir.resolve("random"), 3, Double.POSITIVE_INFINITY,
                        new ArrayList<>()));
        assertEquals(dir.resolve("random/search.json") + " was written by another search (it has \"seed\" : 3 where"
                + " this one has \"seed\" : 4); resuming needs the same options: use them, or another -o DIR",
                other.getMessage());

        IllegalArgumentException strategy = assertThrows(IllegalArgumentException.class,
                () -> run(ProxyFixtures.config("annealing", 4), dir.resolve("a"), 3, 60, new ArrayList<>()));
        assertEquals("unknown strategy 'annealing'; known: evolution, random", strategy.getMessage());

        Stage2Config slow = new Stage2Config("ofa-mbv2", ProxyFixtures.FIT.board().id(),
                ProxyFixtures.FIT.board().sramBytes(), ProxyFixtures.FIT.flashBytes(), "fashion-mnist", 10, 1,
                ProxyFixtures.CELL, "random", 3, 2, 0, new ProxyBudget(100_000, 16, 2), 300, Objective.ACCURACY,
                Stage1Config.NO_MAC_LIMIT);
        IllegalArgumentException time = assertThrows(IllegalArgumentException.class,
                () -> Stage2.run(slow, new OfaMobileNetV2Space(), ProxyFixtures.FIT, new LocalEvaluator(ProxyFixtures.DATA,
                        0, slow.proxy(), ProxyFixtures.FIT, null, Progress.NONE), dir.resolve("t"), 3, 1, Progress.NONE));
        assertTrue(time.getMessage().startsWith("time budget 1s ran out before the first candidate was trained (")
                && time.getMessage().contains(" of 100000 proxy steps in ") && time.getMessage().endsWith(
                        ", or fewer --proxy-steps"), time.getMessage());
        assertTrue(!Files.exists(dir.resolve("t/history.jsonl")) || Files.size(dir.resolve("t/history.jsonl")) == 0);
    }

    @Test
    void nothingFitsInTheCellIsOneLine() {
        Stage2Config c = ProxyFixtures.config("random", 0);
        FitBudget tiny = FitBudget.of(Boards64K.withSram(2048));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Stage2.run(c,
                new OfaMobileNetV2Space(), tiny, ProxyFixtures.evaluator(0), dir, 1, 60, Progress.NONE));
        assertTrue(e.getMessage().startsWith("none of 10000 candidates the random strategy proposed in the ofa-mbv2"
                + " space (widths [0.1, 0.15] x resolutions [16, 20]) fits stm32f746g-disco (2048 bytes of SRAM)"),
                e.getMessage());
    }

    @Test
    void aDamagedOrForeignLogIsOneLine() throws Exception {
        Stage2Config c = ProxyFixtures.config("random", 0);
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("history.jsonl"), "garbage\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(c, bad, 2, 60, new ArrayList<>()));
        assertTrue(e.getMessage().startsWith(bad.resolve("history.jsonl") + " line 1 is not JSON (")
                && e.getMessage().endsWith("); delete the line and what follows to resume from there"), e.getMessage());

        Files.writeString(bad.resolve("history.jsonl"), "{\"index\":0,\"rejected_before\":0,\"genome\":"
                + "{\"width\":0.1,\"resolution\":16,\"genes\":[0]}}\n");
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> run(c, bad, 2, 60, new ArrayList<>()));
        assertTrue(foreign.getMessage().startsWith(bad.resolve("history.jsonl") + " line 1 holds another candidate"
                + " (width 0.1, resolution 16, genes [0]) than this search proposes (") && foreign.getMessage()
                .endsWith("): it was written by another search or another version; use another -o DIR"),
                foreign.getMessage());
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asInt()));
        return out;
    }
}
