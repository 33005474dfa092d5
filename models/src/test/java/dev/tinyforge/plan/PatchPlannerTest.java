package dev.tinyforge.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ops.Add;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.target.Target;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PatchPlannerTest {
    private static final Target HOST = Target.host();

    private static Graph mbv2At144;

    static Graph int8(String arch, double width, int resolution) {
        return ExportPipeline.run(new ExportPipeline.Request(Zoo.get(arch), new ZooConfig(width, resolution, 10, 3, 1),
                false, 2, QuantizeOptions.defaults()), Progress.NONE).exported();
    }

    static synchronized Graph mbv2() {
        if (mbv2At144 == null) {
            mbv2At144 = int8("mobilenetv2", 0.35, 144);
        }
        return mbv2At144;
    }

    @Test
    void stemTilesFollowTheReceptiveFieldAndThePadding() {
        Graph g = mbv2();
        Op stem = g.ops().get(0);
        assertEquals(Conv2d.OP, stem.kind());
        // 3x3 stride 2 SAME on 144 rows: 72 output rows, no padding before, one row after
        PatchPlan p = PatchPlanner.plan(g, HOST, 1, 2);
        assertEquals(4, p.patches().size());
        assertEquals(new TileRect(0, 36, 0, 36), p.patches().get(0).tile(stem.output()));
        assertEquals(new TileRect(0, 73, 0, 73), p.patches().get(0).tile(g.inputs().get(0)));
        assertEquals(new TileRect(72, 144, 36, 73).y0(), p.patches().get(2).tile(g.inputs().get(0)).y0());
        assertEquals(new TileRect(72, 144, 72, 144), p.patches().get(3).tile(g.inputs().get(0)));
        // 5 does not divide 72: uneven shares at i*72/5
        PatchPlan q = PatchPlanner.plan(g, HOST, 1, 5);
        int[] bounds = {0, 14, 28, 43, 57, 72};
        for (int r = 0; r < 5; r++) {
            TileRect t = q.patches().get(r * 5 + r).tile(stem.output());
            assertEquals(new TileRect(bounds[r], bounds[r + 1], bounds[r], bounds[r + 1]), t);
        }
    }

    @Test
    void tilesCoverWhatEveryReaderNeedsAndRecomputeIsCounted() {
        Graph g = mbv2();
        int n = PatchPlanner.legalPrefixes(g).get(5);
        PatchPlan p = PatchPlanner.plan(g, HOST, n, 3);
        for (PatchPlan.Patch patch : p.patches()) {
            for (int i = 0; i < n; i++) {
                Op op = g.ops().get(i);
                TileRect out = patch.tile(op.output());
                int inputs = PatchStage.elementwise(op) ? op.inputs().size() : 1;
                for (int j = 0; j < inputs; j++) {
                    assertTrue(patch.tile(op.input(j)).contains(PatchStage.need(g, op, j, out)), "op " + i);
                }
            }
        }
        assertTrue(p.patchedStageMacs() > p.stageMacs());
        assertTrue(p.recomputeMacsPercent() > 0 && p.recomputeMacsPercent() < 100);
    }

    @Test
    void prefixesEndingInsideAResidualBlockAreRefused() {
        Graph g = mbv2();
        List<Integer> legal = PatchPlanner.legalPrefixes(g);
        for (int n = 1; n < 40; n++) {
            Op add = null;
            for (Op op : g.ops().subList(n, g.ops().size())) {
                if (op.kind() == Add.OP) {
                    add = op;
                    break;
                }
            }
            boolean readsInside = false;
            for (Op op : g.ops().subList(n, g.ops().size())) {
                for (String in : op.inputs()) {
                    for (Op s : g.ops().subList(0, n - 1)) {
                        readsInside |= s.output().equals(in);
                    }
                }
            }
            assertEquals(!readsInside, legal.contains(n), "prefix " + n + " (next ADD " + add + ")");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PatchPlanner.plan(g, HOST, g.ops().size(), 2));
        assertTrue(e.getMessage().contains("patch stage"), e.getMessage());
        int head = g.ops().size() - 1;
        e = assertThrows(IllegalArgumentException.class, () -> PatchPlanner.plan(g, HOST, head, 2));
        assertTrue(e.getMessage().contains("op "), e.getMessage());
    }

    @Test
    void stageBuffersNeverCollideWhileLive() {
        Graph g = mbv2();
        for (int n : List.of(1, PatchPlanner.legalPrefixes(g).get(4))) {
            PatchPlan p = PatchPlanner.plan(g, HOST, n, 4);
            long outOff = p.stageOutputOffset();
            long outEnd = outOff + g.tensor(p.stageOutput()).sizeBytes();
            long inOff = p.inputOffset();
            long inEnd = inOff + g.tensor(p.input()).sizeBytes();
            assertTrue(inEnd <= outOff || outEnd <= inOff, "input and stage output overlap");
            for (Map.Entry<String, Long> t : p.tileOffsets().entrySet()) {
                long lo = t.getValue();
                long hi = lo + p.tileBytes().get(t.getKey());
                assertTrue(hi <= p.arenaBytes());
                assertTrue(hi <= outOff || outEnd <= lo, t.getKey() + " overlaps the stage output");
                assertTrue(hi <= inOff || inEnd <= lo, t.getKey() + " overlaps the model input");
            }
        }
    }

    @Test
    void patchesCutMobileNetV2At144AndChooseMeetsABudgetOrSaysItCannot() {
        Graph g = mbv2();
        long unpatched = MemoryPlanner.plan(g).arenaBytes();
        PatchPlan best = PatchPlanner.smallest(g, HOST).orElseThrow();
        System.out.printf("mobilenetv2 0.35/144: unpatched %d bytes, patched %d bytes (%s), %.2fx smaller%n",
                unpatched, best.arenaBytes(), best.describe(), unpatched / (double) best.arenaBytes());
        assertTrue(best.arenaBytes() * 2 < unpatched, best.describe());
        long budget = (unpatched + best.arenaBytes()) / 2;
        PatchPlan chosen = PatchPlanner.choose(g, HOST, budget).orElseThrow();
        assertTrue(chosen.arenaBytes() <= budget);
        assertTrue(chosen.recomputeMacsPercent() <= best.recomputeMacsPercent() + 1e-9);
        Optional<PatchPlan> impossible = PatchPlanner.choose(g, HOST, best.arenaBytes() - 1);
        assertFalse(impossible.isPresent());
        assertEquals(PatchPlanner.choose(g, HOST, budget).orElseThrow().describe(), chosen.describe(), "deterministic");
    }
}
