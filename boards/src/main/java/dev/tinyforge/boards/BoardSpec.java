package dev.tinyforge.boards;

import dev.tinyforge.target.Target;
import java.util.List;

/**
 * A board as TinyForge needs it: what to compile for, how much memory the model may use, how to
 * emulate and how to flash it. Read from JSON data files ({@link Boards}), so users add their own.
 *
 * @param id short name used on the command line, e.g. {@code stm32f746g-disco}
 * @param core the {@code -mcpu} of the compiler, e.g. {@code cortex-m7}
 * @param arch the architecture, e.g. {@code armv7e-m}, {@code armv6-m}, {@code armv8-a}
 * @param fpu the {@code -mfpu} ({@code none} for soft float, {@code auto} to let the compiler choose)
 * @param sramBytes SRAM the arena, stack and harness may use (the region named RAM)
 * @param flashBytes flash for code and weights; 0 when there is no limit (Linux boards load a file)
 * @param regions memory regions for the linker script: FLASH and RAM, and optionally {@link #RODATA_REGION}
 * @param qemuMachine the QEMU stand-in ({@code user} for qemu-aarch64 user mode)
 * @param openocd OpenOCD configuration files, empty when OpenOCD cannot flash the board
 * @param os {@code none} (bare metal) or {@code linux}
 * @param console the UART the firmware reports on when it runs without a debugger, or {@code null}
 *     when the descriptor gives none (then {@code bench --port} cannot read the board)
 */
public record BoardSpec(String id, String name, String mcu, String core, String arch, String fpu, long clockHz,
        long sramBytes, long flashBytes, List<Region> regions, String qemuMachine, String qemuCpu,
        List<String> openocd, String os, String notes, UartConsole console) {

    /**
     * The optional region for constant data that does not fit FLASH: a second read-only memory on
     * boards whose code memory is small (the Corstone-300's 512 KB ITCM, beside which the MPS3 AN547
     * has 2 MB of SRAM). The linker fills FLASH first and puts the read-only sections that do not fit
     * there, so a model that fits FLASH is placed as before.
     */
    public static final String RODATA_REGION = "RODATA";

    /** A linker memory region. */
    public record Region(String name, long origin, long bytes) {
    }

    public BoardSpec {
        regions = List.copyOf(regions);
        openocd = List.copyOf(openocd);
    }

    public boolean isLinux() {
        return "linux".equals(os);
    }

    /** What the generated C runs on: the core, its architecture and FPU, and so its kernel variants. */
    public Target target() {
        return isLinux() ? Target.linuxAarch64(core) : Target.cortexM(core, arch, fpu);
    }

    /** The {@link #RODATA_REGION} region, or {@code null} when the board has none. */
    public Region rodataRegion() {
        return regions.stream().filter(r -> r.name().equals(RODATA_REGION)).findFirst().orElse(null);
    }

    /**
     * Bytes the firmware may store: FLASH and, when the board has one, its {@link #RODATA_REGION}
     * (constant data only; code, vector table and {@code .data}'s initial values stay in FLASH).
     */
    public long storageBytes() {
        Region r = rodataRegion();
        return flashBytes + (r == null ? 0 : r.bytes());
    }

    /** Whether flash is limited (bare-metal boards). */
    public boolean hasFlashLimit() {
        return flashBytes > 0;
    }
}
