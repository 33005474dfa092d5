package dev.tinyforge.util;

/**
 * Receives progress of long work (calibration, later training and search), so the CLI can draw a bar
 * on a terminal and print plain lines in CI while library code stays free of console handling.
 */
@FunctionalInterface
public interface Progress {

    /** Progress that goes nowhere. */
    Progress NONE = (task, done, total) -> { };

    /**
     * Reports that {@code done} of {@code total} units of {@code task} are finished.
     */
    void update(String task, int done, int total);

    /**
     * The same with figures of the work so far (e.g. "loss 0.412, accuracy 86.1%, 430 images/s"), shown
     * beside the counter where there is room; receivers that have no use for them drop them.
     */
    default void update(String task, int done, int total, String detail) {
        update(task, done, total);
    }

    /** A line worth keeping once a stage of the work ends (an epoch's figures); dropped by default. */
    default void note(String line) {
    }
}
