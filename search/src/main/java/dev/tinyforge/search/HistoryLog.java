package dev.tinyforge.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A search directory's log: {@code search.json} (the config), {@code history.jsonl} (one line per
 * trained candidate: its genome, how the strategy came to it, the spec, the metrics, the score) and
 * {@code timings.jsonl} (each candidate's wall seconds, kept out of the history so that the same search
 * writes the same history bytes). Lines are appended and flushed one candidate at a time; a line cut
 * short by a killed process is dropped when the log is opened again.
 */
final class HistoryLog {
    static final String CONFIG = "search.json";
    static final String HISTORY = "history.jsonl";
    static final String TIMINGS = "timings.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final List<JsonNode> lines;
    private final List<Double> seconds;

    private HistoryLog(Path dir, List<JsonNode> lines, List<Double> seconds) {
        this.dir = dir;
        this.lines = lines;
        this.seconds = seconds;
    }

    /**
     * Opens {@code dir} for this config: creates it and writes {@code search.json}, or reads the log of
     * the earlier run.
     *
     * @throws IllegalArgumentException in one line when the directory holds another search
     */
    static HistoryLog open(Path dir, Stage2Config config) {
        try {
            Files.createDirectories(dir);
            Path cfg = dir.resolve(CONFIG);
            String want = config.toJson();
            if (Files.exists(cfg)) {
                String have = Files.readString(cfg, StandardCharsets.UTF_8);
                if (!have.equals(want)) {
                    throw new IllegalArgumentException(cfg + " was written by another search (" + firstDifference(have,
                            want) + "); resuming needs the same options: use them, or another -o DIR");
                }
            } else {
                Files.writeString(cfg, want, StandardCharsets.UTF_8);
            }
            List<JsonNode> lines = new ArrayList<>();
            List<String> texts = completeLines(dir.resolve(HISTORY));
            for (int i = 0; i < texts.size(); i++) {
                try {
                    lines.add(JSON.readTree(texts.get(i)));
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(dir.resolve(HISTORY) + " line " + (i + 1) + " is not JSON ("
                            + e.getOriginalMessage() + "); delete the line and what follows to resume from there");
                }
            }
            List<Double> seconds = new ArrayList<>();
            for (String t : completeLines(dir.resolve(TIMINGS))) {
                try {
                    seconds.add(JSON.readTree(t).path("seconds").asDouble());
                } catch (JsonProcessingException e) {
                    seconds.add(0.0);
                }
            }
            while (seconds.size() < lines.size()) {
                seconds.add(0.0);
            }
            return new HistoryLog(dir, lines, seconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of a file that end with a newline; a cut-short last line is removed from the file. */
    private static List<String> completeLines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1;
        if (end < text.length()) {
            Files.writeString(file, text.substring(0, end), StandardCharsets.UTF_8);
        }
        List<String> out = new ArrayList<>();
        for (String l : text.substring(0, end).split("\n")) {
            if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }

    private static String firstDifference(String have, String want) {
        String[] a = have.split("\n");
        String[] b = want.split("\n");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i].strip() : "";
            String y = i < b.length ? b[i].strip() : "";
            if (!x.equals(y)) {
                return "it has " + (x.isEmpty() ? "nothing" : x.replaceAll(",$", "")) + " where this one has "
                        + (y.isEmpty() ? "nothing" : y.replaceAll(",$", ""));
            }
        }
        return "it differs";
    }

    int size() {
        return lines.size();
    }

    JsonNode line(int i) {
        return lines.get(i);
    }

    double seconds(int i) {
        return seconds.get(i);
    }

    double totalSeconds() {
        return seconds.stream().mapToDouble(Double::doubleValue).sum();
    }

    Path file() {
        return dir.resolve(HISTORY);
    }

    /** Appends a candidate's line and its timing. */
    void append(Candidate c, String strategy) {
        try {
            Files.writeString(dir.resolve(HISTORY), JSON.writeValueAsString(toJson(c, strategy)) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
            Files.writeString(dir.resolve(TIMINGS), String.format(java.util.Locale.ROOT,
                    "{\"index\":%d,\"seconds\":%.3f}%n", c.index(), c.metrics().seconds()), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            lines.add(toJson(c, strategy));
            seconds.add(c.metrics().seconds());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode toJson(Candidate c, String strategy) {
        ObjectNode n = JSON.createObjectNode();
        n.put("index", c.index());
        n.put("strategy", strategy);
        Proposal p = c.proposal();
        n.put("origin", p.origin());
        if (p.parent() >= 0) {
            n.put("parent", p.parent());
            n.put("mutation", p.mutation());
            ArrayNode t = n.putArray("tournament");
            p.tournament().forEach(t::add);
            ArrayNode pop = n.putArray("population");
            p.population().forEach(pop::add);
        }
        n.put("rejected_before", c.rejectedBefore());
        n.set("genome", genomeJson(c.genome()));
        n.set("metrics", c.metrics().toJson(JSON));
        n.put("score", c.score());
        try {
            n.set("spec", JSON.readTree(c.spec().toJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return n;
    }

    static ObjectNode genomeJson(Genome g) {
        ObjectNode n = JSON.createObjectNode();
        n.put("width", g.width());
        n.put("resolution", g.resolution());
        ArrayNode genes = n.putArray("genes");
        for (int v : g.genes()) {
            genes.add(v);
        }
        return n;
    }
}
