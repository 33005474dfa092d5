package dev.tinyforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.ArchitectureSpec;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link CandidateEvaluator}: the same inputs give the same metrics, the memory figures are the
 * planner's, the proxy learns something, and a candidate that does not fit is not trained.
 */
class CandidateEvaluatorTest {
    @Test
    void sameInputsSameMetricsAndThePlannersFigures() {
        SearchSpace space = new OfaMobileNetV2Space();
        ArchitectureSpec spec = space.sample(new SplittableRandom(3), 0.15, 16, 10, 1);
        long t0 = System.nanoTime();
        CandidateMetrics a = CandidateEvaluator.evaluate(spec, ProxyFixtures.DATA, 5, ProxyFixtures.BUDGET,
                ProxyFixtures.FIT, null, Progress.NONE, () -> false);
        System.out.printf("one candidate: %.1f s, %s%n", (System.nanoTime() - t0) / 1e9, a);
        CandidateMetrics b = CandidateEvaluator.evaluate(spec, ProxyFixtures.DATA, 5, ProxyFixtures.BUDGET,
                ProxyFixtures.FIT, null, Progress.NONE, () -> false);
        assertEquals(CandidateMetrics.TRAINED, a.status(), a.reason());
        assertEquals(a.valAccuracy(), b.valAccuracy());
        assertEquals(a.trainLoss(), b.trainLoss());
        assertEquals(a.params(), b.params());
        double correct = a.valAccuracy() * ProxyFixtures.DATA.validation().size();
        assertEquals(Math.rint(correct), correct, 1e-9, "accuracy over the 60 validation images: " + a.valAccuracy());
        assertTrue(Double.isFinite(a.trainLoss()) && a.trainLoss() > 0, "loss " + a.trainLoss());
        assertEquals(SampleFigures.arena(spec, ProxyFixtures.FIT.board().target()), a.arenaBytes());
        SampleFigures f = SampleFigures.of(spec, ProxyFixtures.FIT);
        assertEquals(f.macs(), a.macs());
        assertEquals(ProxyFixtures.FIT.flashNeeded(f.constantBytes()), a.flashBytes());
        assertTrue(a.params() > 5_000 && a.params() < 1_000_000, "params " + a.params());
        assertNull(a.latencyMs());
        LatencyModel latency = LatencyModel.shipped(ProxyFixtures.FIT.board().id());
        CandidateMetrics otherSeed = CandidateEvaluator.evaluate(spec, ProxyFixtures.DATA, 6, ProxyFixtures.BUDGET,
                ProxyFixtures.FIT, latency, Progress.NONE, () -> false);
        assertTrue(!otherSeed.trainLoss().equals(a.trainLoss()), "another seed trains another network");
        assertEquals(latency.predictMs(spec, ProxyFixtures.FIT.board()), otherSeed.latencyMs());
        assertTrue(otherSeed.latencyMs() > 0);
    }

    @Test
    void mnasNetCandidatesTrainToo() {
        ArchitectureSpec spec = new MnasNetSpace().sample(new SplittableRandom(2), 0.1, 16, 10, 1);
        CandidateMetrics m = CandidateEvaluator.evaluate(spec, ProxyFixtures.DATA, 1, ProxyFixtures.BUDGET,
                ProxyFixtures.FIT, null, Progress.NONE, () -> false);
        assertEquals(CandidateMetrics.TRAINED, m.status(), m.reason());
        assertTrue(m.valAccuracy() >= 0 && m.valAccuracy() <= 1 && Double.isFinite(m.trainLoss()), m.toString());
        assertEquals(SampleFigures.arena(spec, ProxyFixtures.FIT.board().target()), m.arenaBytes());
    }

    @Test
    void aCandidateThatDoesNotFitIsNotTrained() {
        FitBudget small = FitBudget.of(Boards64K.withSram(16 * 1024));
        ArchitectureSpec spec = new OfaMobileNetV2Space().sample(new SplittableRandom(1), 0.5, 128, 10, 1);
        CandidateMetrics m = CandidateEvaluator.evaluate(spec, ProxyFixtures.DATA, 0, ProxyFixtures.BUDGET, small, null,
                Progress.NONE, () -> {
                    throw new AssertionError("training started");
                });
        assertEquals(CandidateMetrics.REJECTED_SRAM, m.status());
        assertTrue(m.reason().startsWith("needs " + m.sramBytes() + " bytes of SRAM (arena " + m.arenaBytes()
                + "), the board has 16384"), m.reason());
        assertNull(m.valAccuracy());
        assertEquals(Double.NEGATIVE_INFINITY, Objective.ACCURACY.score(m));
    }
}
