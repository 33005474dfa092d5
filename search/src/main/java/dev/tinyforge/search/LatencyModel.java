package dev.tinyforge.search;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.zoo.ArchitectureSpec;

/**
 * Predicts a network's inference latency on a board. The per-board model calibrated on QEMU
 * instruction counts (issue 13, item 4) will implement it; until then stage 2 runs without one and
 * a latency target cannot be given.
 */
public interface LatencyModel {
    /** Predicted milliseconds of one inference of {@code spec} on {@code board}. */
    double predictMs(ArchitectureSpec spec, BoardSpec board);
}
