package dev.tinyforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.boards.Boards;
import dev.tinyforge.deploy.LayerProfile;
import dev.tinyforge.zoo.ArchitectureSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The latency model: the fit recovers known per-class lines from op-by-op counts, falls back to the
 * kind's classes for an unseen shape class, survives JSON, and the model shipped for the default board
 * predicts a network it was not fitted on, measured whole under QEMU.
 */
class LatencyModelTest {

    /** Instructions a made-up board spends per layer: 3 per MAC + 5 per output with MACs, 2 per element + 50 else. */
    private static long truth(SpecShapes.Layer l) {
        long work = LatencyModel.work(l);
        return l.macs() > 0 ? 3 * work + 5 * l.outputBytes() : 2 * work + 50;
    }

    private static LatencyCalibration.Sample synthetic(String name, ArchitectureSpec spec) {
        List<SpecShapes.Layer> layers = SpecShapes.of(spec);
        List<LayerProfile.Layer> measured = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            long c = truth(layers.get(i));
            total += c;
            measured.add(new LayerProfile.Layer(i, "", LatencyModel.shapeClass(layers.get(i)), "t" + i,
                    layers.get(i).macs(), false, c));
        }
        return new LatencyCalibration.Sample(name, layers, new LayerProfile("instructions", measured, total + 1000));
    }

    @Test
    void theFitRecoversKnownLines() {
        List<ArchitectureSpec> specs = new ArrayList<>(LatencyCalibration.draw(new OfaMobileNetV2Space(), 5, 4,
                new double[] {0.35, 0.5}, new int[] {48, 64}, 3));
        specs.addAll(LatencyCalibration.draw(new MnasNetSpace(), 5, 2, new double[] {0.35}, new int[] {48}, 3));
        List<LatencyCalibration.Sample> samples = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            samples.add(synthetic("s" + i, specs.get(i)));
        }
        LatencyModel m = LatencyCalibration.fit("made-up", samples);
        assertEquals(1000, m.fixedInstructions(), 1e-6);
        for (LatencyCalibration.Sample s : samples) {
            for (SpecShapes.Layer l : s.layers()) {
                assertEquals(truth(l), m.layer(l), 1e-6 * truth(l), LatencyModel.shapeClass(l));
            }
        }
        assertEquals(3, m.classes().get("CONV_2D 1x1").perUnit(), 1e-9);
        assertEquals(5, m.classes().get("CONV_2D 1x1").perOutput(), 1e-6);
        assertEquals(50, m.classes().get("ADD").perLayer(), 1e-6);
        ArchitectureSpec other = new MnasNetSpace().sample(new SplittableRandom(9), 0.5, 64, 10, 3);
        double expected = 1000 + SpecShapes.of(other).stream().mapToLong(LatencyModelTest::truth).sum();
        double predicted = m.instructions(SpecShapes.of(other));
        // classes the fit never saw fall back to their kind's mean
        assertEquals(expected, predicted, expected * 0.05, "an unseen network, exact lines");
        LatencyModel back = LatencyModel.fromJson(m.toJson(), "test");
        assertEquals(m, back);
    }

    @Test
    void aKindNeverCalibratedIsAClearError() {
        LatencyModel m = new LatencyModel("made-up", Map.of("CONV_2D 1x1", new LatencyModel.Coefficients(3, 0, 0)), 0);
        ArchitectureSpec spec = new OfaMobileNetV2Space().sample(new SplittableRandom(1), 0.35, 48, 10, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.instructions(SpecShapes.of(spec)));
        assertEquals("the latency model of made-up has no DEPTHWISE_CONV_2D layers; calibrate it on networks that"
                + " have them (bench/latency-model)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LatencyModel.fromJson("{\"board\": 1}", "x.json"));
    }

    @Test
    void theShippedModelPredictsAHeldOutNetworkUnderQemu() throws IOException {
        String board = Boards.DEFAULT;
        LatencyModel m = LatencyModel.shipped(board);
        assertTrue(m != null, "no latency model shipped for " + board + "; run bench/latency-model");
        // seed 77 is not one bench/latency-model draws from by default
        ArchitectureSpec spec = new MnasNetSpace().sample(new SplittableRandom(77), 0.35, 64, 10, 3);
        LatencyCalibration.Check c = LatencyCalibration.check("mnasnet-77", spec, Boards.get(board), m);
        System.out.printf("held out: predicted %.0f, measured %d instructions (%+.1f%%)%n", c.predicted(),
                c.measured(), 100 * c.relativeError());
        assertTrue(Math.abs(c.relativeError()) < 0.15, "predicted " + c.predicted() + " against " + c.measured());
    }
}
