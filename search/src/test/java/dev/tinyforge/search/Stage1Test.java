package dev.tinyforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.boards.Boards;
import dev.tinyforge.zoo.ArchitectureSpec;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Stage 1 on a small grid: same seed, same bytes; the chosen cell; the errors. */
class Stage1Test {
    private static Stage1Config small(SearchSpace space, long seed) {
        return new Stage1Config(space, new double[] {0.3, 0.5, 0.7}, new int[] {96, 144, 192}, 40, seed, 10, 3);
    }

    @Test
    void sameSeedSameJsonOnAnyNumberOfThreads() {
        FitBudget budget = FitBudget.of(Boards.get(Boards.DEFAULT));
        for (SearchSpace space : SearchSpace.all()) {
            String one = Stage1.run(small(space, 7), budget, 1).toJson();
            String two = Stage1.run(small(space, 7), budget, 2).toJson();
            assertEquals(one, two, space.name());
            assertNotEquals(one, Stage1.run(small(space, 8), budget, 2).toJson(), space.name() + ": the seed matters");
        }
    }

    @Test
    void choosesTheCellWithTheMostExpectedMacsAndSomeCellsDoNotFit() {
        Stage1Result r = Stage1.run(small(new OfaMobileNetV2Space(), 1), FitBudget.of(Boards.get(Boards.DEFAULT)), 2);
        for (CellResult c : r.cells()) {
            assertTrue(c.expectedMacs() <= r.chosen().expectedMacs(), c.width() + "/" + c.resolution());
            if (c.fitting() > 0) {
                assertEquals(CellResult.CDF_POINTS, c.cdf().length);
                assertTrue(c.cdf()[0] <= c.cdf()[CellResult.CDF_POINTS - 1]);
            }
        }
        assertTrue(r.cells().stream().anyMatch(c -> c.fitting() == 0), "width 0.7 at 192 does not fit 320 KB");
        assertTrue(r.cells().stream().anyMatch(c -> c.fitting() == c.samples()), "width 0.3 at 96 fits");
        assertTrue(r.toJson().contains("\"chosen\""));
        assertTrue(r.table().contains("chosen: width " + r.chosen().width()));
    }

    /** One fitting draw in 1000 at 13.7 M MACs no longer beats 800 in 1000 at 5 M (it did by the mean alone). */
    @Test
    void aCellWhereAlmostNothingFitsRanksBelowOneWhereMostDo() {
        CellResult rare = CellResult.of(0.1, 208, 1000, new long[] {13_700_000});
        long[] many = new long[800];
        java.util.Arrays.fill(many, 5_000_000);
        CellResult common = CellResult.of(0.3, 48, 1000, many);
        assertTrue(rare.meanMacs() > common.meanMacs());
        assertEquals(13_700, rare.expectedMacs(), 1e-6);
        assertEquals(4_000_000, common.expectedMacs(), 1e-6);
    }

    /** The small-image space's own grid: widths 0.25 to 2.5, resolutions 24 to 48, and its samples are 4 to 10 layers. */
    @Test
    void theCnnSpaceSearchesAtTheDatasetsScale() {
        SearchSpace cnn = SearchSpace.get("cnn");
        Stage1Result r = Stage1.run(Stage1Config.defaults(cnn, 3).withSamples(20), FitBudget.of(Boards.get(Boards.DEFAULT)),
                2);
        assertEquals(70, r.cells().size());
        assertTrue(r.chosen().resolution() >= 24 && r.chosen().resolution() <= 48, r.table());
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < 50; i++) {
            ArchitectureSpec spec = cnn.sample(rnd, 1.0, 28, 10, 1);
            int layers = SpecShapes.of(spec).size();
            assertTrue(layers >= 6 && layers <= 14, layers + " layers: " + spec.toJson());
            assertTrue(spec.problems().isEmpty(), spec.problems().toString());
        }
    }

    /** A time budget's MAC cap: only sub-networks under it count, so the chosen cell is a cheaper one. */
    @Test
    void aMacCapKeepsOnlyNetworksUnderIt() {
        FitBudget budget = FitBudget.of(Boards.get(Boards.DEFAULT));
        Stage1Result free = Stage1.run(small(new OfaMobileNetV2Space(), 1), budget, 2);
        long cap = (long) (free.chosen().meanMacs() / 2);
        Stage1Result capped = Stage1.run(small(new OfaMobileNetV2Space(), 1).withMaxMacs(cap), budget, 2);
        for (CellResult c : capped.cells()) {
            for (long m : c.sortedMacs()) {
                assertTrue(m <= cap, c.width() + "/" + c.resolution() + ": " + m + " MACs over the cap " + cap);
            }
        }
        assertTrue(capped.chosen().meanMacs() < free.chosen().meanMacs());
        assertTrue(capped.toJson().contains("\"max_macs\" : " + cap), capped.toJson());
        assertTrue(!free.toJson().contains("max_macs"));
        NothingFitsException e = assertThrows(NothingFitsException.class,
                () -> Stage1.run(small(new OfaMobileNetV2Space(), 1).withMaxMacs(1000), budget, 2));
        assertEquals("none of the sub-networks drawn in the ofa-mbv2 space both fits stm32f746g-disco and has at most"
                + " 0.00 M MACs, what the time budget can train; give a longer --time-budget, or --width and --resolution",
                e.getMessage());
    }

    @Test
    void trainingSpeedIsALineInMacs() {
        TrainingSpeed s = new TrainingSpeed(0.001, 1e-9, "test");
        assertEquals(0.011, s.secondsPerImage(10_000_000), 1e-12);
        assertEquals(10_000_000, s.macsAt(0.011), 1);
        assertEquals(0, s.macsAt(0.0005), "faster than a network without MACs: none");
    }

    @Test
    void drawsPng() throws Exception {
        Stage1Result r = Stage1.run(small(new MnasNetSpace(), 1), FitBudget.of(Boards.get(Boards.DEFAULT)), 2);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        Stage1Chart.png(r, png);
        byte[] b = png.toByteArray();
        assertTrue(b.length > 5000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', "a PNG of " + b.length + " bytes");
    }

    @Test
    void nothingFitsSaysWhatTheSmallestModelNeeds() {
        FitBudget tiny = FitBudget.of(Boards64K.withSram(16 * 1024));
        NothingFitsException e = assertThrows(NothingFitsException.class,
                () -> Stage1.run(small(new OfaMobileNetV2Space(), 1), tiny, 2));
        ArchitectureSpec smallest = new OfaMobileNetV2Space().smallest(0.3, 96, 10, 3);
        long arena = SampleFigures.arena(smallest, tiny.board().target());
        long flash = tiny.flashNeeded(FlashFigure.constantBytes(SpecShapes.of(smallest)));
        assertEquals("nothing in the ofa-mbv2 space fits stm32f746g-disco: its smallest model (width 0.3, resolution"
                + " 96) needs " + dev.tinyforge.boards.ModelFit.sramNeeded(arena, tiny.board()) + " bytes of SRAM (arena "
                + arena + ") and " + flash + " bytes of flash; the board has 16384 bytes of SRAM and 1048576 bytes of flash. Use a board with more"
                + " memory.", e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void unknownSpaceNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchSpace.get("darts"));
        assertEquals("unknown search space 'darts'; known: ofa-mbv2, mnasnet, cnn", e.getMessage());
    }

    @Test
    void samplesAreValidSpecsThatRoundTripThroughJson() {
        for (SearchSpace space : SearchSpace.all()) {
            SplittableRandom rnd = new SplittableRandom(3);
            for (int i = 0; i < 20; i++) {
                ArchitectureSpec spec = space.sample(rnd, 0.35, 112, 10, 3);
                spec.validate();
                assertEquals(spec, ArchitectureSpec.fromJson(spec.toJson(), "sample"));
            }
            ArchitectureSpec a = space.sample(new SplittableRandom(9), 0.5, 64, 10, 3);
            ArchitectureSpec b = space.sample(new SplittableRandom(9), 0.5, 64, 10, 3);
            assertEquals(a.toJson(), b.toJson(), "same random state, same spec");
        }
    }
}
