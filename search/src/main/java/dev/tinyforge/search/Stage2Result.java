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
    public static final String FINAL_TRAINING_TODO = "not done: search trains the winner after stage 2 unless"
            + " --final-epochs 0; or train it with `tinyforge train DIR/winner.json --dataset D`";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Stage2Result {
        history = List.copyOf(history);
    }

    /** Writes {@code winner.json} (the winner's spec, which {@code tinyforge train} takes) and {@code result.json}. */
    public void write(Path dir) {
        try {
            Files.writeString(dir.resolve("winner.json"), winner.spec().toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeResult(dir, null);
    }

    /** Writes {@code result.json}, with the final model's figures when it has been trained and run. */
    public void writeResult(Path dir, FinalModel finalModel) {
        try {
            Files.writeString(dir.resolve("result.json"), toJson(finalModel), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code result.json} before the final training. */
    public String toJson() {
        return toJson(null);
    }

    /**
     * {@code result.json}: the board and budget, the final model's measured figures (null before its
     * training), the search's figures, the winner's proxy accuracy and exact memory, its spec, and the
     * history in brief. Everything but the wall times is the same for the same search.
     */
    public String toJson(FinalModel f) {
        ObjectNode root = JSON.createObjectNode();
        CandidateMetrics m = winner.metrics();
        root.put("board", config.board());
        root.put("board_sram_bytes", config.sramBytes());
        root.put("board_flash_bytes", config.flashBytes());
        if (f == null) {
            root.putNull("int8_accuracy");
            root.putNull("float_accuracy");
        } else {
            root.put("int8_accuracy", f.int8Accuracy());
            root.put("float_accuracy", f.floatAccuracy());
        }
        root.put("peak_sram_bytes", m.sramBytes());
        root.put("flash_bytes", f == null ? m.flashBytes() : f.flashBytes());
        if (f != null && f.latencyMs() != null) {
            root.put("latency_ms", f.latencyMs());
            root.put("latency_basis", f.latencyBasis());
        } else if (m.latencyMs() != null) {
            root.put("latency_ms", m.latencyMs());
            root.put("latency_basis", "predicted by the board's latency model");
        } else {
            root.putNull("latency_ms");
        }
        if (f == null) {
            root.put("final_training", FINAL_TRAINING_TODO);
        } else {
            ObjectNode t = root.putObject("final_training");
            t.put("epochs", f.epochs());
            t.put("train_images", f.trainImages());
            t.put("seconds", Math.round(f.trainSeconds() * 10) / 10.0);
            t.put("int8_float_agreement", f.agreement());
            t.put("firmware_ram_bytes", f.ramBytes());
            t.put("arena_bytes", f.arenaBytes());
            t.put("firmware_flash_bytes", f.flashBytes());
            t.put("matches_tflite", f.matchesTflite());
        }
        root.put("space", config.space());
        root.put("strategy", config.strategy());
        root.put("seed", config.seed());
        root.put("dataset", config.dataset());
        root.put("evaluations", history.size());
        root.put("rejected_before_training", rejected);
        root.put("stopped_by", stoppedBy);
        root.put("search_seconds", Math.round(seconds * 10) / 10.0);
        ObjectNode w = root.putObject("winner");
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
