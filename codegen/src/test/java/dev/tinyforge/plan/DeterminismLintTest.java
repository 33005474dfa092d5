package dev.tinyforge.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code Map.copyOf} and {@code Set.copyOf} iterate in an order that changes from one JVM run to the
 * next; a plan iterated into generated C then changes the C (it once reordered the patch stage's
 * {@code #define}s). Within one JVM every run agrees, so no output test catches it: this looks at the
 * main sources instead.
 */
class DeterminismLintTest {
    @Test
    void mainSourcesUseNoRandomlyOrderedCopies() throws Exception {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(".."))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/"))
                    .sorted().toList()) {
                List<String> lines = Files.readAllLines(p);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).matches(".*\\b(Map|Set)\\.copyOf\\(.*") && !lines.get(i).strip().startsWith("*")) {
                        found.add(p + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertEquals(List.of(), found, "use an unmodifiable LinkedHashMap/TreeSet copy instead");
    }
}
