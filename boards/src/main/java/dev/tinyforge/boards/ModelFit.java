package dev.tinyforge.boards;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.plan.MemoryPlan;
import dev.tinyforge.plan.MemoryPlanner;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a model fits a board: the planned arena against SRAM, the constant data against flash, and
 * when it does not fit, by how much, which layer is the peak and what would help.
 *
 * <p>SRAM must hold the arena, the firmware's fixed harness variables ({@link #HARNESS_RAM_BYTES}) and
 * the stack reserve of the linker script ({@link LinkerScript#STACK_RESERVE_BYTES}), so a model that
 * passes here links.
 *
 * @param sramBytes the planned arena (peak activation memory)
 * @param flash the model's flash: constant data and, when a compiler is installed, measured code
 */
public record ModelFit(BoardSpec board, MemoryPlan plan, long sramBytes, FlashModel flash, boolean fitsSram,
        boolean fitsFlash, int peakOp, String peakDescription, List<Layer> layers) {

    /**
     * RAM the bare-metal firmware uses besides the arena: the port's SysTick wrap counter and timer mode
     * (tfg_port_cortexm.c); the harness keeps its output buffer on the stack. Checked against the linker
     * by the firmware tests.
     */
    public static final long HARNESS_RAM_BYTES = 8;

    /** One op of the execution order with the bytes live while it runs. */
    public record Layer(int position, int op, String kind, String output, long liveBytes) {
    }

    public boolean fits() {
        return fitsSram && fitsFlash;
    }

    /** The fit with the flash measured for the board ({@link FlashModel#of}). */
    public static ModelFit of(Graph g, BoardSpec board) {
        return of(g, board, FlashModel.of(g, board));
    }

    public static ModelFit of(Graph g, BoardSpec board, FlashModel flash) {
        MemoryPlan plan = MemoryPlanner.plan(g);
        long[] live = plan.liveBytes();
        int[] order = plan.order();
        List<Layer> layers = new ArrayList<>();
        for (int pos = 0; pos < order.length; pos++) {
            Op op = g.ops().get(order[pos]);
            layers.add(new Layer(pos, order[pos], op.kind().name(), op.output(), live[pos]));
        }
        int peakOp = order.length == 0 ? -1 : order[plan.peakPosition()];
        String peak = peakOp < 0 ? "no ops" : "op " + peakOp + " " + g.ops().get(peakOp).kind() + " '"
                + g.ops().get(peakOp).output() + "' (" + live[plan.peakPosition()] + " bytes live)";
        return new ModelFit(board, plan, plan.arenaBytes(), flash,
                sramNeeded(plan.arenaBytes(), board) <= board.sramBytes(),
                !board.hasFlashLimit() || flash.totalBytes() <= board.flashBytes(), peakOp, peak, List.copyOf(layers));
    }

    /** SRAM the firmware needs for an arena: the arena, and on bare metal its static RAM and the stack reserve. */
    public static long sramNeeded(long arenaBytes, BoardSpec board) {
        return board.isLinux() ? arenaBytes : staticRamBytes(arenaBytes) + LinkerScript.STACK_RESERVE_BYTES;
    }

    /**
     * The bare-metal firmware's {@code .data + .bss}: the arena and the harness variables, rounded up
     * to 8 bytes because the linker script starts the stack 8-byte aligned (AAPCS).
     */
    public static long staticRamBytes(long arenaBytes) {
        return (arenaBytes + HARNESS_RAM_BYTES + 7) / 8 * 8;
    }

    public long flashBytes() {
        return flash.totalBytes();
    }

    /** One line per limit that is exceeded, with the overshoot, the peak layer and what would help; empty when it fits. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (!fitsSram) {
            long need = sramNeeded(sramBytes, board);
            p.add("does not fit " + board.id() + ": needs " + need + " bytes of SRAM (arena " + sramBytes
                    + (board.isLinux() ? "" : " + harness " + (staticRamBytes(sramBytes) - sramBytes) + " + stack reserve "
                            + LinkerScript.STACK_RESERVE_BYTES) + "), the board has "
                    + board.sramBytes() + " (over by " + (need - board.sramBytes()) + " bytes); the peak is at "
                    + peakDescription + ". Try a smaller --width or --resolution at export, or a board with more SRAM"
                    + ", or run the first layers on patches (`--patches auto`).");
        }
        if (!fitsFlash) {
            p.add("does not fit " + board.id() + ": needs " + flashBytes() + " bytes of flash for "
                    + (flash.codeMeasured() ? "weights, tables and code" : "weights and tables alone")
                    + ", the board has " + board.flashBytes()
                    + " (over by " + (flashBytes() - board.flashBytes())
                    + " bytes). Try a smaller --width, fewer --classes, or a board with more flash.");
        }
        return p;
    }
}
