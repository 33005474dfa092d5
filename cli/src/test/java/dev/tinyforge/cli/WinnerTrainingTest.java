package dev.tinyforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.search.TrainingSpeed;
import org.junit.jupiter.api.Test;

/** The time arithmetic of a budgeted search's final training: the MAC cap leaves room for the evaluation. */
class WinnerTrainingTest {
    private static final TrainingSpeed SPEED = new TrainingSpeed(1e-3, 1e-9, "a line for the test");

    @Test
    void theCappedNetworkTrainsItsEpochsAndIsEvaluatedInItsShare() {
        long cap = WinnerTraining.macsCap(SPEED, 900, 0.5, 54_000, 10_000);
        double perImage = SPEED.secondsPerImage(cap);
        double training = perImage * WinnerTraining.MIN_EPOCHS * 54_000 * WinnerTraining.EPOCH_FACTOR;
        double total = training + WinnerTraining.reserveSeconds(perImage, 10_000);
        assertEquals(450, total, 0.01, "cap " + cap);
        assertTrue(WinnerTraining.macsCap(SPEED, 900, 0.5, 54_000, 20_000) < cap, "a larger test split costs MACs");
    }

    @Test
    void theReserveGrowsWithTheNetworksCost() {
        assertEquals(WinnerTraining.FIXED_RESERVE_SECONDS, WinnerTraining.reserveSeconds(0, 10_000));
        assertEquals(60 + 0.8 * 0.062 * 10_000, WinnerTraining.reserveSeconds(0.062, 10_000), 1e-9);
    }

    @Test
    void aShareShorterThanTheFixedReserveSaysSoInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WinnerTraining.macsCap(SPEED, 100, 0.5, 54_000, 10_000));
        assertTrue(e.getMessage().startsWith("time budget 1m40s: the winner's share (50 s, less 60 s for quantization"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }
}
