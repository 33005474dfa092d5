package dev.tinyforge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints JMH's JSON results of {@link InferenceBench} as a Markdown table: microseconds per inference
 * (with JMH's error), each backend's time as a ratio of TFLite's built-in kernels measured in the
 * same run, and native's as a ratio of XNNPACK's (issue 14's two anchors).
 */
public final class BenchTable {
    private BenchTable() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode results = new ObjectMapper().readTree(new File(args[0]));
        Map<String, Map<String, double[]>> byArch = new LinkedHashMap<>();
        for (JsonNode r : results) {
            String arch = r.get("params").get("arch").asText();
            String backend = r.get("params").get("backend").asText();
            JsonNode m = r.get("primaryMetric");
            byArch.computeIfAbsent(arch, k -> new LinkedHashMap<>()).put(backend,
                    new double[] {m.get("score").asDouble(), m.get("scoreError").asDouble()});
        }
        System.out.println("| model | TFLite built-in (µs) | TFLite + XNNPACK (µs) | TinyForge native (µs) "
                + "| XNNPACK / built-in | native / built-in | native / XNNPACK |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Map.Entry<String, Map<String, double[]>> e : byArch.entrySet()) {
            double[] t = e.getValue().get("tflite");
            double[] x = e.getValue().get("xnnpack");
            double[] n = e.getValue().get("native");
            System.out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", e.getKey(), cell(t), cell(x), cell(n),
                    ratio(x, t), ratio(n, t), ratio(n, x));
        }
    }

    private static String cell(double[] v) {
        return v == null ? "-" : String.format("%.0f ± %.0f", v[0], Double.isNaN(v[1]) ? 0 : v[1]);
    }

    private static String ratio(double[] a, double[] anchor) {
        return a == null || anchor == null ? "-" : String.format("%.2f", a[0] / anchor[0]);
    }
}
