package dev.tinyforge.train;

/**
 * Linear warm-up from {@code base/warmupSteps} to {@code base}, then cosine decay towards zero over
 * the remaining steps, evaluated per optimizer step (Goyal et al.'s warm-up, Loshchilov and Hutter's
 * cosine without restarts).
 */
record LearningRateSchedule(double base, long warmupSteps, long totalSteps) {

    LearningRateSchedule {
        if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("schedule needs 0 <= warm-up <= total steps >= 1, got " + warmupSteps
                    + " and " + totalSteps);
        }
    }

    /** The schedule of a run: warm-up epochs rounded to whole steps. */
    static LearningRateSchedule of(TrainOptions o, int batchesPerEpoch) {
        long total = (long) o.epochs() * batchesPerEpoch;
        long warmup = Math.min(total, Math.round(o.warmupEpochs() * batchesPerEpoch));
        return new LearningRateSchedule(o.learningRate(), warmup, total);
    }

    /** The rate of step {@code step} (0-based). */
    double rate(long step) {
        if (step < warmupSteps) {
            return base * (step + 1) / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        return base * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
    }
}
