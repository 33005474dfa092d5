package dev.tinyforge.boards;

import java.util.List;

/**
 * A QEMU Cortex-M machine that stands in for boards: where its code and data memories start, how
 * large they are, and the SysTick clock, which under {@code -icount shift=0} (one instruction per
 * virtual nanosecond) turns ticks into instructions. Measured on QEMU 7.2: a loop of a known number
 * of instructions takes 40 ticks per 40 instructions on mps2 (25 MHz) and 31.25 on mps3-an547 (32 MHz).
 *
 * @param codeOrigin start of the memory the vector table and code go to (the board's flash)
 * @param ramOrigin start of the memory that holds data, arena and stack (the board's SRAM)
 * @param uartBase the CMSDK UART whose output {@code -serial} carries (UART0), clocked at {@code sysTickHz}
 * @param rodataOrigin start of a second memory for the constant data of a board with a
 *     {@link BoardSpec#RODATA_REGION} region (QEMU 7.2's {@code info mtree}: the AN547's 2 MB SRAM at
 *     0x01000000, behind its memory protection controller, which lets the Secure firmware in)
 * @param rodataBytes its size; 0 when the machine offers none
 */
public record QemuMachine(String name, long codeOrigin, long codeBytes, long ramOrigin, long ramBytes,
        long sysTickHz, long uartBase, long rodataOrigin, long rodataBytes) {

    private static final List<QemuMachine> KNOWN = List.of(
            new QemuMachine("mps2-an385", 0x0L, 4L << 20, 0x20000000L, 4L << 20, 25_000_000L, 0x40004000L, 0, 0),
            new QemuMachine("mps2-an386", 0x0L, 4L << 20, 0x20000000L, 4L << 20, 25_000_000L, 0x40004000L, 0, 0),
            new QemuMachine("mps2-an500", 0x0L, 4L << 20, 0x20000000L, 4L << 20, 25_000_000L, 0x40004000L, 0, 0),
            new QemuMachine("mps3-an547", 0x0L, 512L << 10, 0x20000000L, 512L << 10, 32_000_000L, 0x49303000L,
                    0x01000000L, 2L << 20));

    /** The stand-in's serial console: UART0 at 115200 baud (QEMU ignores the rate but checks the divisor). */
    public UartConsole console() {
        return new UartConsole(UartConsole.Family.CMSDK_UART, uartBase, sysTickHz, 115200, List.of());
    }

    /** The stand-in of a bare-metal board. */
    public static QemuMachine of(BoardSpec board) {
        for (QemuMachine m : KNOWN) {
            if (m.name.equals(board.qemuMachine())) {
                return m;
            }
        }
        throw new IllegalArgumentException("board " + board.id() + ": qemu machine '" + board.qemuMachine()
                + "' is not one TinyForge can run; use one of " + KNOWN.stream().map(QemuMachine::name).toList()
                + " in the board's \"qemu\" field");
    }

    /** Instructions executed per SysTick tick under {@code -icount shift=0}. */
    public double instructionsPerTick() {
        return 1e9 / sysTickHz;
    }

    /** The board's memories placed where this machine has memory, with the board's sizes. */
    public LinkerScript.MemoryMap memoryMap(BoardSpec board) {
        if (board.flashBytes() > codeBytes || board.sramBytes() > ramBytes) {
            throw new IllegalArgumentException("board " + board.id() + " (" + board.flashBytes() + " B flash, "
                    + board.sramBytes() + " B SRAM) is larger than its stand-in " + name + " (" + codeBytes
                    + " B code memory, " + ramBytes + " B RAM)");
        }
        BoardSpec.Region rodata = board.rodataRegion();
        if (rodata != null && rodata.bytes() > rodataBytes) {
            throw new IllegalArgumentException("board " + board.id() + ": its \"" + BoardSpec.RODATA_REGION
                    + "\" region (" + rodata.bytes() + " B) is larger than the second memory of its stand-in " + name
                    + " (" + rodataBytes + " B); drop the region or make it at most that size");
        }
        return new LinkerScript.MemoryMap(name, codeOrigin, board.flashBytes(), ramOrigin, board.sramBytes(),
                rodataOrigin, rodata == null ? 0 : rodata.bytes());
    }
}
