package dev.tinyforge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;

/**
 * Prints JMH's JSON results of {@link CallOverheadBench} as the Markdown rows README quotes: one row
 * per model and call path, microseconds per call with JMH's 99.9% error.
 */
public final class CallOverheadTable {
    private CallOverheadTable() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode results = new ObjectMapper().readTree(new File(args[0]));
        System.out.println("| model | call path | µs per call |");
        System.out.println("| --- | --- | ---: |");
        for (JsonNode r : results) {
            JsonNode m = r.get("primaryMetric");
            double error = m.get("scoreError").asDouble();
            JsonNode params = r.get("params");
            System.out.printf("| %s | %s | %.3f ± %.3f |%n", params.has("model") ? params.get("model").asText() : "add16",
                    params.get("path").asText(), m.get("score").asDouble(), Double.isNaN(error) ? 0 : error);
        }
    }
}
