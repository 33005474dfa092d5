package dev.tinyforge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Boards;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.tflite.TfliteReader;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Op-by-op timing under QEMU: a MobileNetV2 on the default board's stand-in, built once plain and once
 * with the per-op hook. Every op reports a time, the ops together take nearly all of the plain build's
 * instructions (the hook's own cost and the input and output copies are the difference), and the shape
 * classes tell 1×1 from 3×3 and strided from plain.
 */
class LayerProfileTest {

    @Test
    void everyOpIsTimedAndTheOpsAddUpToTheWhole() throws IOException {
        byte[] tflite = ExportPipeline.run(new ExportPipeline.Request(Zoo.get("mobilenetv2"),
                new ZooConfig(0.35, 48, 10, 3, 5), false, 4, QuantizeOptions.defaults()), Progress.NONE).tflite();
        Graph g = TfliteReader.read(tflite, "mobilenetv2.tflite");
        BoardSpec board = Boards.get(Boards.DEFAULT);
        byte[] x = new byte[(int) g.tensor(g.inputs().get(0)).sizeBytes()];
        new java.util.SplittableRandom(3).nextBytes(x);
        BoardRunner runner = BoardRunner.open("mobilenetv2", "test", g, board, null, BoardRunner.Options.emulated());
        long whole = runner.measure(List.of(x)).instructions();
        LayerProfile p = runner.profileLayers(List.of(x));

        assertEquals("instructions", p.unit());
        assertEquals(g.ops().size(), p.layers().size());
        for (LayerProfile.Layer l : p.layers()) {
            assertTrue(l.count() > 0, "op " + l.op() + " (" + l.kind() + ") took no time");
            assertEquals(g.macs(g.ops().get(l.op())), l.macs());
        }
        assertTrue(p.total() <= whole * 1.02 && p.total() >= whole * 0.9,
                "ops " + p.total() + " instructions against " + whole + " for the whole inference");
        Set<String> classes = p.byShapeClass().stream().map(LayerProfile.ClassTotal::shapeClass)
                .collect(Collectors.toSet());
        assertTrue(classes.contains("CONV_2D 1x1"), classes.toString());
        assertTrue(classes.contains("CONV_2D 3x3/2"), classes.toString());
        assertTrue(classes.contains("DEPTHWISE_CONV_2D 3x3/2"), classes.toString());
        assertTrue(classes.contains("DEPTHWISE_CONV_2D 3x3"), classes.toString());
        long sum = p.byShapeClass().stream().mapToLong(LayerProfile.ClassTotal::count).sum();
        assertEquals(p.total(), sum);
        System.out.printf("%d ops, %d of %d instructions (%.1f%%); %s%n", p.layers().size(), p.total(), whole,
                100.0 * p.total() / whole, p.byShapeClass().get(0));
    }
}
