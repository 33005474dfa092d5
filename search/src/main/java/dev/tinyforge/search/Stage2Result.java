package dev.tinyforge.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a stage-2 run ended with: every trained candidate in order (replayed ones included), the
 * winner (the highest score; the earliest on a tie), and why it stopped.
 *
 * @param stoppedBy {@code evaluations} or {@code time budget}
 * @param replayed how many candidates came from the log of an earlier run
 * @param rejected proposals refused before training because they did not fit
 * @param seconds wall time of the whole search, earlier runs on the directory included
 */
public record Stage2Result(Stage2Config config, List<Candidate> history, Candidate winner, String stoppedBy,
        int replayed, int rejected, double seconds) {
    /** What result.json says of the final training while it is not done. */
    public static final String FINAL_TRAINING_TODO = "not done yet: train the winner with"
            + " `tinyforge train DIR/winner.json --dataset D` (full training, int8 quantization and its accuracy)";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Stage2Result {
        history = List.copyOf(history);
    }

    /** Writes {@code winner.json} (the winner's spec, which {@code tinyforge train} takes) and {@code result.json}. */
    public void write(Path dir) {
        try {
            Files.writeString(dir.resolve("winner.json"), winner.spec().toJson(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("result.json"), toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code result.json}: the board and budget, the search's figures, the winner's proxy accuracy and
     * exact memory, its spec, and the history in brief. Everything but {@code search_seconds} is the
     * same for the same search.
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("board", config.board());
        root.put("sram_bytes", config.sramBytes());
        root.put("flash_bytes", config.flashBytes());
        root.put("space", config.space());
        root.put("strategy", config.strategy());
        root.put("seed", config.seed());
        root.put("dataset", config.dataset());
        root.put("evaluations", history.size());
        root.put("rejected_before_training", rejected);
        root.put("stopped_by", stoppedBy);
        root.put("search_seconds", Math.round(seconds * 10) / 10.0);
        ObjectNode w = root.putObject("winner");
        CandidateMetrics m = winner.metrics();
        w.put("index", winner.index());
        w.put("proxy_val_accuracy", m.valAccuracy());
        w.put("score", winner.score());
        w.put("macs", m.macs());
        w.put("params", m.params());
        w.put("peak_sram_bytes", m.sramBytes());
        w.put("arena_bytes", m.arenaBytes());
        w.put("flash_bytes", m.flashBytes());
        if (m.latencyMs() != null) {
            w.put("latency_ms", m.latencyMs());
        } else {
            w.putNull("latency_ms");
        }
        w.put("width", winner.genome().width());
        w.put("resolution", winner.genome().resolution());
        root.putNull("float_accuracy");
        root.putNull("int8_accuracy");
        root.put("final_training", FINAL_TRAINING_TODO);
        try {
            root.set("architecture", JSON.readTree(winner.spec().toJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ArrayNode h = root.putArray("history");
        for (Candidate c : history) {
            ObjectNode n = h.addObject();
            n.put("index", c.index());
            n.put("parent", c.proposal().parent());
            n.put("val_accuracy", c.metrics().valAccuracy());
            n.put("score", c.score());
            n.put("macs", c.metrics().macs());
            n.put("sram_bytes", c.metrics().sramBytes());
            n.put("flash_bytes", c.metrics().flashBytes());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
