package dev.tinyforge.boards;

import dev.tinyforge.plan.ModelPlan;
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
 * @param plan the model's plan for the board's target (layer by layer, or with a patch stage)
 * @param flash the model's flash: constant data and, when a compiler is installed, measured code
 */
public record ModelFit(BoardSpec board, ModelPlan plan, FlashModel flash) {

    /**
     * RAM the bare-metal firmware uses besides the arena: the port's SysTick wrap counter and timer mode
     * (tfg_port_cortexm.c); the harness keeps its output buffer on the stack. Checked against the linker
     * by the firmware tests.
     */
    public static final long HARNESS_RAM_BYTES = 8;

    /** The fit of a graph planned layer by layer for the board, its code measured with the default console. */
    public static ModelFit of(dev.tinyforge.ir.Graph g, BoardSpec board) {
        ModelPlan plan = ModelPlan.of(g, board.target());
        return new ModelFit(board, plan, FlashModel.of(plan, board, FirmwareProject.Console.defaultFor(board)));
    }

    /** The planned arena (peak activation memory). */
    public long sramBytes() {
        return plan.arenaBytes();
    }

    public boolean fitsSram() {
        return sramNeeded(sramBytes(), board) <= board.sramBytes();
    }

    /** Whether code and constants fit FLASH and, on a board with one, the RODATA region constants overflow into. */
    public boolean fitsFlash() {
        return !board.hasFlashLimit() || flash.totalBytes() <= board.storageBytes();
    }

    public boolean fits() {
        return fitsSram() && fitsFlash();
    }

    /** Every op in execution order with its live bytes. */
    public List<ModelPlan.Layer> layers() {
        return plan.layers();
    }

    /** The op with the most live bytes, or -1 for a model without ops. */
    public int peakOp() {
        ModelPlan.Layer p = plan.peak();
        return p == null ? -1 : p.op();
    }

    /** The peak for messages, e.g. {@code op 12 CONV_2D 'name' (123 bytes live)}. */
    public String peakDescription() {
        return plan.describePeak();
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
        if (!fitsSram()) {
            long arena = sramBytes();
            long need = sramNeeded(arena, board);
            p.add("does not fit " + board.id() + ": needs " + need + " bytes of SRAM (arena " + arena
                    + (board.isLinux() ? "" : " + harness " + (staticRamBytes(arena) - arena) + " + stack reserve "
                            + LinkerScript.STACK_RESERVE_BYTES) + "), the board has "
                    + board.sramBytes() + " (over by " + (need - board.sramBytes()) + " bytes); the peak is at "
                    + peakDescription() + ". Try a smaller --width or --resolution at export, or a board with more SRAM"
                    + (plan.patches() == null ? ", or run the first layers on patches (`--patches auto`)." : "."));
        }
        if (!fitsFlash()) {
            p.add("does not fit " + board.id() + ": needs " + flashBytes() + " bytes of flash for "
                    + (flash.codeMeasured() ? "weights, tables and code" : "weights and tables alone")
                    + ", the board has " + board.storageBytes()
                    + (board.rodataRegion() == null ? "" : " (" + board.flashBytes() + " of flash and "
                            + board.rodataRegion().bytes() + " in its " + BoardSpec.RODATA_REGION + " region)")
                    + " (over by " + (flashBytes() - board.storageBytes())
                    + " bytes). Try a smaller --width, fewer --classes, or a board with more flash.");
        }
        return p;
    }
}
