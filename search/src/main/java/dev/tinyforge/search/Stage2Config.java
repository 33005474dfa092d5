package dev.tinyforge.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Everything that decides which candidates a stage-2 search proposes and what they score: a search
 * directory records it ({@code search.json}), and a rerun on that directory must have the same to
 * replay the log. How many evaluations and how much time are not part of it: they are how far a run
 * goes, and a resumed run may go further.
 *
 * @param dataset the dataset's name as the user gave it
 * @param proxyImages training images of the proxy subset (validation included)
 * @param maxMacs candidates with more MACs are refused before training, as those that do not fit: the
 *     cap stage 1 kept to, so that the winner can still be trained in the time budget
 *     ({@link Stage1Config#NO_MAC_LIMIT} for none)
 */
public record Stage2Config(String space, String board, long sramBytes, long flashBytes, String dataset, int classes,
        int inputChannels, SearchCell cell, String strategy, int population, int sample, long seed, ProxyBudget proxy,
        int proxyImages, Objective objective, long maxMacs) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** {@code search.json}. */
    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("stage", 2);
        n.put("space", space);
        n.put("board", board);
        n.put("sram_bytes", sramBytes);
        n.put("flash_bytes", flashBytes);
        n.put("dataset", dataset);
        n.put("classes", classes);
        n.put("input_channels", inputChannels);
        var w = n.putArray("widths");
        for (double x : cell.widths()) {
            w.add(x);
        }
        var r = n.putArray("resolutions");
        for (int x : cell.resolutions()) {
            r.add(x);
        }
        n.put("strategy", strategy);
        if (strategy.equals("evolution")) {
            n.put("population", population);
            n.put("sample", sample);
        }
        n.put("seed", seed);
        n.put("proxy_steps", proxy.steps());
        n.put("proxy_batch", proxy.batchSize());
        n.put("threads", proxy.threads());
        n.put("proxy_images", proxyImages);
        if (maxMacs != Stage1Config.NO_MAC_LIMIT) {
            n.put("max_macs", maxMacs);
        }
        if (objective.usesLatency()) {
            n.put("latency_ms", objective.targetMs());
            n.put("alpha", objective.alpha());
            n.put("beta", objective.beta());
        }
        try {
            return JSON.writeValueAsString(n) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
