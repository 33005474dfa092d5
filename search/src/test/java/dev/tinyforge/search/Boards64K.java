package dev.tinyforge.search;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Boards;

/** The default board with less SRAM, so that random samples fall on both sides of the budget. */
final class Boards64K {
    private Boards64K() {
    }

    static BoardSpec withSram(long bytes) {
        BoardSpec b = Boards.get(Boards.DEFAULT);
        return new BoardSpec(b.id(), b.name(), b.mcu(), b.core(), b.arch(), b.fpu(), b.clockHz(), bytes, b.flashBytes(),
                b.regions(), b.qemuMachine(), b.qemuCpu(), b.openocd(), b.os(), b.notes(), b.console());
    }
}
