package dev.tinyforge.search;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.ModelFit;

/**
 * What a board leaves a model, in the terms the fit check uses ({@link ModelFit}): the largest arena
 * whose firmware still fits SRAM (the arena, the harness variables rounded to 8 bytes, the stack
 * reserve), and the flash left for constant data once the code is counted.
 *
 * <p>The code is a per-board figure, not compiled per sample: {@link #codeBytes} is the generated
 * code, kernels and runtime that {@code tinyforge plan} measured for MobileNetV2 0.35/96/10 on the
 * board's core (see docs/search.md), which calls every kernel the spaces use except the logistic;
 * code grows by some tens of bytes a layer, so a sample with many more layers may need slightly more.
 *
 * @param arenaBytes the largest arena that fits
 * @param codeBytes flash counted for code (generated, kernels, runtime)
 * @param flashBytes the board's flash, 0 for no limit
 */
public record FitBudget(BoardSpec board, long arenaBytes, long codeBytes, long flashBytes) {

    /** Measured code, kernels and runtime of MobileNetV2 0.35/96/10 for a Cortex-M7 (stm32f746g-disco). */
    static final long CODE_CORTEX_M7 = 13_084;
    /** The same on a Cortex-M4 (nucleo-f412zg). */
    static final long CODE_CORTEX_M4 = 12_976;

    /** The budget of a board. */
    public static FitBudget of(BoardSpec board) {
        long arena = board.sramBytes();
        while (arena > 0 && ModelFit.sramNeeded(arena, board) > board.sramBytes()) {
            arena -= Math.max(1, ModelFit.sramNeeded(arena, board) - board.sramBytes());
        }
        long code = board.isLinux() ? 0 : board.core().equals("cortex-m4") ? CODE_CORTEX_M4 : CODE_CORTEX_M7;
        return new FitBudget(board, Math.max(0, arena), code, board.hasFlashLimit() ? board.flashBytes() : 0);
    }

    /** Whether constant data of this size fits the flash with the code. */
    public boolean flashFits(long constantBytes) {
        return flashBytes == 0 || constantBytes + codeBytes <= flashBytes;
    }

    /** The flash a model with this much constant data needs. */
    public long flashNeeded(long constantBytes) {
        return constantBytes + codeBytes;
    }
}
