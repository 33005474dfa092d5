package dev.tinyforge.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.zoo.ArchitectureSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A board's latency, predicted from a spec's shapes alone: per shape class (an op kind with its kernel
 * and stride, as {@link dev.tinyforge.deploy.LayerProfile} names them) the instructions of one layer are
 * {@code perUnit · MACs + perOutput · outputs} for ops with MACs (the inner loops and the requantization of
 * each output), {@code perUnit · outputs + perLayer} for the others; plus a fixed part per inference (copying the input in and the output out). Fitted by
 * {@link LatencyCalibration} on QEMU's op-by-op instruction counts of sample networks of the search
 * spaces, so the search can rank and constrain candidates by latency without building each one. The
 * prediction is in instructions; milliseconds assume one instruction per cycle at the board's clock,
 * as {@code bench --emulate} does.
 *
 * @param board the board id it was calibrated for
 * @param classes per shape class, its coefficients
 * @param fixedInstructions instructions of an inference outside its ops
 */
public record LatencyModel(String board, Map<String, Coefficients> classes, double fixedInstructions) {

    /**
     * One shape class: instructions per unit of work (MACs, or output elements for ops without MACs), per output
     * element beyond that (a convolution's requantization and store), and per layer.
     */
    public record Coefficients(double perUnit, double perOutput, double perLayer) {
        double predict(SpecShapes.Layer l) {
            return perUnit * work(l) + (l.macs() > 0 ? perOutput * l.outputBytes() : 0) + perLayer;
        }
    }

    public LatencyModel {
        classes = Collections.unmodifiableMap(new LinkedHashMap<>(classes));
    }

    /** The predicted instructions of one inference of a network with these layers. */
    public double instructions(List<SpecShapes.Layer> layers) {
        double total = fixedInstructions;
        for (SpecShapes.Layer l : layers) {
            total += layer(l);
        }
        return total;
    }

    /** The predicted latency of one inference of {@code spec} in milliseconds on {@code board}. */
    public double predictMs(ArchitectureSpec spec, BoardSpec board) {
        return milliseconds(SpecShapes.of(spec), board);
    }

    /** The predicted latency in milliseconds on {@code board} (one instruction per cycle). */
    public double milliseconds(List<SpecShapes.Layer> layers, BoardSpec board) {
        return instructions(layers) * 1000.0 / board.clockHz();
    }

    /**
     * One layer's instructions. A shape class not seen in calibration (a 7×7 depthwise of stride 2 when only
     * stride 1 was measured) takes the mean of its kind's classes per unit of work.
     *
     * @throws IllegalArgumentException when no class of the layer's kind was calibrated
     */
    double layer(SpecShapes.Layer l) {
        String key = shapeClass(l);
        Coefficients c = classes.get(key);
        if (c != null) {
            return c.predict(l);
        }
        String kind = kindName(l.kind());
        double perUnit = 0;
        double perOutput = 0;
        double perLayer = 0;
        int n = 0;
        for (Map.Entry<String, Coefficients> e : classes.entrySet()) {
            if (e.getKey().equals(kind) || e.getKey().startsWith(kind + " ")) {
                perUnit += e.getValue().perUnit();
                perOutput += e.getValue().perOutput();
                perLayer += e.getValue().perLayer();
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("the latency model of " + board + " has no " + kind
                    + " layers; calibrate it on networks that have them (bench/latency-model)");
        }
        return new Coefficients(perUnit / n, perOutput / n, perLayer / n).predict(l);
    }

    /** The work a layer's time scales with: MACs, or output elements for ops without any. */
    static long work(SpecShapes.Layer l) {
        long macs = l.macs();
        return macs > 0 ? macs : l.outputBytes();
    }

    /** The shape class of a layer, spelled as {@link dev.tinyforge.deploy.LayerProfile#shapeClass} spells it. */
    static String shapeClass(SpecShapes.Layer l) {
        String kind = kindName(l.kind());
        return switch (l.kind()) {
            case CONV, DEPTHWISE -> kind + " " + l.kernel() + "x" + l.kernel() + (l.stride() > 1 ? "/" + l.stride() : "");
            default -> kind;
        };
    }

    /** The TFLite op a {@link SpecShapes.Kind} lowers to. */
    static String kindName(SpecShapes.Kind kind) {
        return switch (kind) {
            case CONV -> "CONV_2D";
            case DEPTHWISE -> "DEPTHWISE_CONV_2D";
            case ADD -> "ADD";
            case MUL -> "MUL";
            case MEAN -> "MEAN";
            case LOGISTIC -> "LOGISTIC";
            case FULLY_CONNECTED -> "FULLY_CONNECTED";
            case SOFTMAX -> "SOFTMAX";
        };
    }

    /** The model as JSON (what {@code bench/latency-model} writes and {@link #load} reads). */
    public String toJson() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("board", board);
        root.put("fixed_instructions", fixedInstructions);
        ObjectNode cs = root.putObject("classes");
        classes.forEach((k, c) -> cs.putObject(k).put("per_unit", c.perUnit()).put("per_output", c.perOutput())
                .put("per_layer", c.perLayer()));
        try {
            return m.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a model written by {@link #toJson}; {@code source} names it in errors. */
    public static LatencyModel fromJson(String json, String source) {
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            Map<String, Coefficients> classes = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.get("classes").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                classes.put(e.getKey(), new Coefficients(e.getValue().get("per_unit").asDouble(),
                        e.getValue().get("per_output").asDouble(), e.getValue().get("per_layer").asDouble()));
            }
            return new LatencyModel(root.get("board").asText(), classes, root.get("fixed_instructions").asDouble());
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException(source + ": not a latency model (board, fixed_instructions, classes"
                    + " with per_unit, per_output and per_layer expected): " + e.getMessage());
        }
    }

    /**
     * The calibrated model shipped for a board ({@code latency/<board>.json} beside this class), or
     * {@code null} when the board has none: then a latency target cannot be used and says so.
     */
    public static LatencyModel shipped(String boardId) {
        try (InputStream in = LatencyModel.class.getResourceAsStream("latency/" + boardId + ".json")) {
            return in == null ? null
                    : fromJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                            "latency/" + boardId + ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
