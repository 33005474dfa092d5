package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.SyntheticData;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "Use it from Java" example, run as written there: a zoo model exported to a file, classified
 * through the public API on the native backend, gives TFLite's bytes. The test also checks that README
 * still shows this code, so the two cannot drift apart.
 */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    // README begin
    static byte[] classify(Path path, byte[] image) throws IOException {
        try (Model m = Model.load(path); Runner r = m.runner(Backend.NATIVE)) {
            ByteBuffer input = ByteBuffer.allocateDirect((int) m.inputs().get(0).sizeBytes());
            ByteBuffer output = ByteBuffer.allocateDirect((int) m.outputs().get(0).sizeBytes());
            input.put(image).flip(); // int8 pixels, quantized with inputs().get(0).scale() and zeroPoint()
            r.run(new ByteBuffer[] {input}, new ByteBuffer[] {output}); // direct buffers reach the C: no copy
            byte[] scores = new byte[output.remaining()];
            output.get(scores);
            return scores;
        }
    }
    // README end

    @Test
    void theReadmeExampleGivesTflitesBytes() throws IOException {
        ExportPipeline.Result exported = ExportPipeline.run(new ExportPipeline.Request(Zoo.get("mcunet-vww1"),
                new ZooConfig(0.35, 64, 2, 3, 1), false, 4, QuantizeOptions.defaults()), Progress.NONE);
        Path path = dir.resolve("vww.tflite");
        Files.write(path, exported.tflite());
        Graph g = exported.exported();
        try (Runner tflite = new TfliteRunner(exported.tflite(), "vww.tflite", RunnerOptions.reference())) {
            for (float[] pixels : SyntheticData.images(g.input(0).shape(), 3, 5)) {
                byte[] image = ModelIo.quantize(pixels, g.input(0).quant());
                assertArrayEquals(tflite.run(image), classify(path, image));
            }
        }
    }

    @Test
    void readmeShowsThisExampleAsWritten() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/tinyforge/runtime/ReadmeExampleTest.java"));
        String snippet = lines.subList(lines.indexOf("    // README begin") + 1, lines.indexOf("    // README end"))
                .stream().map(l -> l.length() >= 4 ? l.substring(4) : l).collect(Collectors.joining("\n", "", "\n"));
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains("```java\n" + snippet + "```\n"), "README.md's \"Use it from Java\" section must show:\n"
                + snippet);
    }
}
