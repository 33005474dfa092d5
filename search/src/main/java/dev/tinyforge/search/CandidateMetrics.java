package dev.tinyforge.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What evaluating one candidate found. A candidate that does not fit the board is not trained:
 * {@link #status} says which budget it broke and {@link #reason} by how much, and the accuracy is
 * absent. The wall time is kept apart from the rest ({@link #toJson} leaves it out) because it is the
 * one figure that differs between two runs of the same search; the history log must not.
 *
 * @param status {@code trained}, {@code rejected-sram} or {@code rejected-flash}
 * @param reason for a rejection, the figure against the budget; empty when trained
 * @param valAccuracy top-1 of the proxy-trained float network on the proxy validation split, or
 *     {@code null} when not trained
 * @param trainLoss the mean training loss of the proxy run, or {@code null} when not trained
 * @param macs multiply-accumulates of one inference
 * @param params weights and biases of the float network as built (batch-norm scales and shifts not
 *     counted); 0 when not trained (the network is not built)
 * @param arenaBytes the memory planner's arena for the int8 model on the board's target, layer by layer
 * @param sramBytes the arena plus the harness and stack reserve ({@code ModelFit.sramNeeded})
 * @param flashBytes constant data plus the board's code figure
 * @param latencyMs predicted by the latency model, or {@code null} without one
 * @param seconds wall time of the evaluation
 */
public record CandidateMetrics(String status, String reason, Double valAccuracy, Double trainLoss, long macs,
        long params, long arenaBytes, long sramBytes, long flashBytes, Double latencyMs, double seconds) {

    public static final String TRAINED = "trained";
    public static final String REJECTED_SRAM = "rejected-sram";
    public static final String REJECTED_FLASH = "rejected-flash";

    public boolean trained() {
        return TRAINED.equals(status);
    }

    /** The metrics without the wall time, for the history log. */
    ObjectNode toJson(ObjectMapper json) {
        ObjectNode n = json.createObjectNode();
        n.put("status", status);
        if (!reason.isEmpty()) {
            n.put("reason", reason);
        }
        if (valAccuracy != null) {
            n.put("val_accuracy", valAccuracy);
        }
        if (trainLoss != null) {
            n.put("train_loss", trainLoss);
        }
        n.put("macs", macs);
        n.put("params", params);
        n.put("arena_bytes", arenaBytes);
        n.put("sram_bytes", sramBytes);
        n.put("flash_bytes", flashBytes);
        if (latencyMs != null) {
            n.put("latency_ms", latencyMs);
        }
        return n;
    }

    /** Reads {@link #toJson}'s object back, with the wall time kept elsewhere. */
    static CandidateMetrics fromJson(com.fasterxml.jackson.databind.JsonNode n, double seconds) {
        return new CandidateMetrics(n.path("status").asText(), n.path("reason").asText(""),
                n.hasNonNull("val_accuracy") ? n.get("val_accuracy").asDouble() : null,
                n.hasNonNull("train_loss") ? n.get("train_loss").asDouble() : null, n.path("macs").asLong(),
                n.path("params").asLong(), n.path("arena_bytes").asLong(), n.path("sram_bytes").asLong(),
                n.path("flash_bytes").asLong(), n.hasNonNull("latency_ms") ? n.get("latency_ms").asDouble() : null,
                seconds);
    }
}
