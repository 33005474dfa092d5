package dev.tinyforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinyforge.cli.MainTest.Run;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.tflite.TfliteWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A corpus of models shaped as Keras's and PyTorch's exporters shape them ({@link ExporterShapes}),
 * through every command a user runs on a file: inspect, plan, compile, run (both backends), verify,
 * build and bench under QEMU. Each must succeed and give TFLite's bytes.
 */
class ExporterShapedModelsTest {

    @ParameterizedTest
    @EnumSource(ExporterShapes.Shape.class)
    void everyCommandTakesTheModel(ExporterShapes.Shape shape, @TempDir Path dir) throws Exception {
        Graph g = ExporterShapes.build(shape);
        Path m = Files.write(dir.resolve(shape.name().toLowerCase() + ".tflite"), TfliteWriter.write(g));
        ObjectMapper json = new ObjectMapper();

        Run inspect = MainTest.run("inspect", m.toString(), "--json");
        assertEquals(0, inspect.code(), inspect.err());
        JsonNode info = json.readTree(inspect.out());
        assertEquals(g.ops().size(), info.get("ops").size(), inspect.out());

        Run plan = MainTest.run("plan", m.toString(), "--json");
        assertEquals(0, plan.code(), plan.err());
        assertTrue(json.readTree(plan.out()).get("fits").asBoolean(), plan.out());

        Run compile = MainTest.run("compile", m.toString(), "-o", dir.resolve("c").toString());
        assertEquals(0, compile.code(), compile.err());

        Run tflite = MainTest.run("run", m.toString(), "--backend", "tflite");
        Run nat = MainTest.run("run", m.toString(), "--backend", "native");
        assertEquals(0, nat.code(), nat.err());
        assertEquals(tflite.out(), nat.out(), "native and TFLite print the same outputs");

        Run verify = MainTest.run("verify", m.toString(), "--inputs", "10");
        assertEquals(0, verify.code(), verify.out() + verify.err());
        assertTrue(verify.out().contains(", 0 differ"), verify.out());

        Run build = MainTest.run("build", m.toString(), "-o", dir.resolve("fw").toString());
        assertEquals(0, build.code(), build.err());
        assertTrue(Files.exists(dir.resolve("fw/firmware.elf")), build.out());

        Run bench = MainTest.run("bench", m.toString(), "--emulate", "--json");
        assertEquals(0, bench.code(), bench.err());
        JsonNode b = json.readTree(bench.out());
        assertTrue(b.get("matches_tflite").asBoolean(), bench.out());
        System.out.printf("%s: %d ops, %d outputs: inspect, plan, compile, run, verify, build, bench "
                + "(%,d instructions) all TFLite's bytes%n", shape, g.ops().size(), g.outputs().size(),
                b.get("instructions").asLong());
    }
}
