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
}
