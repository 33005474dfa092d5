package dev.tinyforge.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The inputs the fuzzers start from and the regression test replays: the seeds (small int8 and 16x8
 * zoo exports committed under {@code seeds/}, plus {@link HandWrittenSeeds}) and the findings
 * (inputs that once broke a target, committed under {@code findings/} once fixed).
 */
final class FuzzCorpus {
    private FuzzCorpus() {
    }

    /** Every seed by file name: the committed zoo exports, then the hand-written models. */
    static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>(resources("seeds"));
        seeds.putAll(HandWrittenSeeds.all());
        return seeds;
    }

    /** Every committed finding by its path under {@code findings/}; empty when there is none. */
    static Map<String, byte[]> findings() {
        return resources("findings");
    }

    /**
     * Writes the seeds into {@code dir} (created if absent), for the fuzzer to read. Not the findings:
     * they run in {@code FuzzRegressionTest}; and one of them ({@code emit-crash-710fb6a13a4.tflite})
     * crashes the JVM under Jazzer 0.24.0's instrumentation (a SIGSEGV in its native {@code traceMemcmp}
     * hook on the {@code Arrays.equals} of {@code Tensor.equals}), while it passes uninstrumented.
     */
    static void writeSeeds(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : seeds().entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
    }

    private static Map<String, byte[]> resources(String name) {
        URL url = FuzzCorpus.class.getResource(name);
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (url == null) {
            return files;
        }
        try {
            Path root = Path.of(url.toURI());
            List<Path> paths;
            try (Stream<Path> s = Files.walk(root)) {
                paths = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path p : paths) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
