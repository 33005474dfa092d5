package dev.tinyforge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints JMH's JSON results of {@link CallOverheadBench} as the Markdown table README quotes: one row
 * per model and call path, microseconds per call with JMH's 99.9% error. Given a second results file
 * (the same benchmark run on another tree, e.g. the last commit with the hand-written JNI bridge), it
 * adds that run as a column, so the two are read side by side.
 */
public final class CallOverheadTable {
    private CallOverheadTable() {
    }

    /** @param args this run's JSON, then optionally the other run's JSON and a heading for its column */
    public static void main(String[] args) throws IOException {
        Map<String, String> now = cells(args[0]);
        if (args.length < 2) {
            System.out.println("| model | call path | µs per call |");
            System.out.println("| --- | --- | ---: |");
            now.forEach((key, cell) -> System.out.printf("| %s | %s |%n", key, cell));
            return;
        }
        Map<String, String> other = cells(args[1]);
        String heading = args.length > 2 ? args[2] : args[1];
        System.out.printf("| model | call path | %s (µs) | this tree (µs) |%n", heading);
        System.out.println("| --- | --- | ---: | ---: |");
        now.forEach((key, cell) -> System.out.printf("| %s | %s | %s |%n", key, other.getOrDefault(key, "-"), cell));
    }

    /** "model | path" → "score ± error", in the order JMH ran them. */
    private static Map<String, String> cells(String file) throws IOException {
        Map<String, String> cells = new LinkedHashMap<>();
        for (JsonNode r : new ObjectMapper().readTree(new File(file))) {
            JsonNode params = r.get("params");
            JsonNode m = r.get("primaryMetric");
            double error = m.get("scoreError").asDouble();
            String model = params.has("model") ? params.get("model").asText() : "add16";
            cells.put(model + " | " + params.get("path").asText(),
                    String.format("%.3f ± %.3f", m.get("score").asDouble(), Double.isNaN(error) ? 0 : error));
        }
        return cells;
    }
}
