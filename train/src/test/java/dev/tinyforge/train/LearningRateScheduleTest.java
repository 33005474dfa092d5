package dev.tinyforge.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    @Test
    void warmsUpLinearlyThenDecaysAlongACosine() {
        TrainOptions o = new TrainOptions(10, 32, 0.4, OptimizerKind.SGD_NESTEROV, 0, 2, 0, 0, 1);
        LearningRateSchedule s = LearningRateSchedule.of(o, 5);
        assertEquals(10, s.warmupSteps());
        assertEquals(50, s.totalSteps());
        assertEquals(0.04, s.rate(0), 1e-12);
        assertEquals(0.2, s.rate(4), 1e-12);
        assertEquals(0.4, s.rate(9), 1e-12);
        assertEquals(0.4, s.rate(10), 1e-12);
        assertEquals(0.2, s.rate(30), 1e-12);
        assertTrue(s.rate(49) > 0 && s.rate(49) < 0.001, "last rate " + s.rate(49));
        for (long step = 10; step < 49; step++) {
            assertTrue(s.rate(step + 1) < s.rate(step), "not decaying at " + step);
        }
        LearningRateSchedule oneEpoch = LearningRateSchedule.of(o.withEpochs(1), 5);
        assertEquals(5, oneEpoch.warmupSteps(), "warm-up is capped at the run's length");
        assertEquals(0.4, oneEpoch.rate(4), 1e-12);
        LearningRateSchedule noWarmup = new LearningRateSchedule(1, 0, 4);
        assertEquals(1, noWarmup.rate(0), 1e-12);
        assertEquals(0.5, noWarmup.rate(2), 1e-12);
    }
}
