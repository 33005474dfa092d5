package dev.tinyforge.boards;

import java.util.Locale;

/**
 * The GNU ld script of a bare-metal firmware: the board's flash and SRAM sizes, the vector table
 * first, {@code .data} copied from flash, {@code .bss}, and the stack from the end of {@code .bss}
 * to the end of SRAM. An ASSERT keeps at least {@link #STACK_RESERVE_BYTES} of stack, so a model
 * that leaves too little fails at link time with a message, not at run time.
 *
 * <p>On a board with a {@link BoardSpec#RODATA_REGION} region, read-only data that does not fit FLASH
 * goes there: {@code .rodata} is listed twice, in FLASH and then in that region, and ld's
 * {@code --enable-non-contiguous-regions} ({@link #linkFlags}) places each input section in the first
 * that still has room. FLASH's other contents ({@code .ARM.exidx}, {@code .data}'s initial values)
 * come before {@code .rodata} there, so filling FLASH with constants cannot leave them without room; the
 * mergeable strings and literal pools come first in FLASH, because ld cannot move a section that shrinks
 * when merged into the second region ("Relaxation not supported with --enable-non-contiguous-regions").
 */
public final class LinkerScript {
    /** Stack the firmware keeps free below SRAM's end; the harness's measured high-water mark is far below it. */
    public static final long STACK_RESERVE_BYTES = 4096;

    /**
     * Where the two memories are for one build.
     *
     * @param name the board's own map ({@code board}) or a QEMU machine's
     * @param rodataBytes size of the memory for constant data that overflows FLASH, 0 for none
     */
    public record MemoryMap(String name, long flashOrigin, long flashBytes, long ramOrigin, long ramBytes,
            long rodataOrigin, long rodataBytes) {

        /** A map with FLASH and RAM only. */
        public MemoryMap(String name, long flashOrigin, long flashBytes, long ramOrigin, long ramBytes) {
            this(name, flashOrigin, flashBytes, ramOrigin, ramBytes, 0, 0);
        }

        /** The board's real addresses, from its FLASH and RAM regions (and RODATA when it has one). */
        public static MemoryMap of(BoardSpec board) {
            BoardSpec.Region flash = region(board, "FLASH");
            BoardSpec.Region ram = region(board, "RAM");
            BoardSpec.Region rodata = board.rodataRegion();
            return new MemoryMap("board", flash.origin(), board.flashBytes(), ram.origin(), board.sramBytes(),
                    rodata == null ? 0 : rodata.origin(), rodata == null ? 0 : rodata.bytes());
        }

        private static BoardSpec.Region region(BoardSpec board, String name) {
            return board.regions().stream().filter(r -> r.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("board " + board.id() + " has no \"" + name
                            + "\" region in its \"regions\"; bare-metal boards need FLASH and RAM"));
        }
    }

    private LinkerScript() {
    }

    /** What the link needs besides the toolchain's flags: the overflow placement on a board with RODATA. */
    public static java.util.List<String> linkFlags(BoardSpec board) {
        return board.rodataRegion() == null ? java.util.List.of()
                : java.util.List.of("-Wl,--enable-non-contiguous-regions");
    }

    /** Code and the vector table, first in FLASH. */
    private static final String TEXT = """
                .text :
                {
                    KEEP(*(.vectors))
                    *(.text*)
                    . = ALIGN(4);
                } > FLASH

            """;

    /** Constants, all in FLASH. */
    private static final String RODATA_IN_FLASH = """
                .rodata :
                {
                    *(.rodata*)
                    . = ALIGN(4);
                } > FLASH

            """;

    /** Unwind tables (C helpers may carry them), in FLASH. */
    private static final String EXIDX = """
                .ARM.exidx :
                {
                    *(.ARM.exidx*)
                } > FLASH

            """;

    /** Initialised data: run from RAM, loaded from FLASH. */
    private static final String DATA = """
                .data :
                {
                    __data_start = .;
                    *(.data*)
                    . = ALIGN(4);
                    __data_end = .;
                } > RAM AT > FLASH
                __data_load = LOADADDR(.data);

            """;

    /** Constants filling FLASH first (merged strings and literal pools there: ld places them in one region only), the rest in RODATA. */
    private static final String RODATA_SPILLING = """
                .rodata :
                {
                    *(.rodata*.str1.*)
                    *(.rodata.cst*)
                    *(.rodata*)
                    . = ALIGN(4);
                } > FLASH

                .rodata2 :
                {
                    *(.rodata*)
                    . = ALIGN(4);
                } > RODATA

            """;

    /** Zeroed data, then the stack above it up to the end of RAM, with the reserve checked at link time; ends SECTIONS. */
    private static final String BSS_AND_STACK = """
                .bss (NOLOAD) :
                {
                    __bss_start = .;
                    *(.bss*)
                    *(COMMON)
                    . = ALIGN(8);
                    __bss_end = .;
                } > RAM

                __stack_limit = __bss_end;
                __stack_top = ORIGIN(RAM) + LENGTH(RAM);
                ASSERT(__stack_top - __stack_limit >= TFG_STACK_RESERVE,
                       "tinyforge: the model's arena leaves less than TFG_STACK_RESERVE bytes of stack in RAM")

            }
            """;

    public static String text(BoardSpec board, MemoryMap map) {
        if (map.rodataBytes() > 0) {
            return withRodataRegion(board, map);
        }
        return String.format(Locale.ROOT, """
                /* Generated by TinyForge for %s (%s), memory map: %s. */
                ENTRY(tfg_reset_handler)

                MEMORY
                {
                    FLASH (rx)  : ORIGIN = 0x%08X, LENGTH = %d
                    RAM   (rwx) : ORIGIN = 0x%08X, LENGTH = %d
                }

                TFG_STACK_RESERVE = %d;

                SECTIONS
                {
                """, board.id(), board.core(), map.name(), map.flashOrigin(), map.flashBytes(), map.ramOrigin(),
                map.ramBytes(), STACK_RESERVE_BYTES) + TEXT + RODATA_IN_FLASH + EXIDX + DATA + BSS_AND_STACK;
    }

    /** The script of a map with a RODATA memory: constants fill FLASH, then spill into RODATA. */
    private static String withRodataRegion(BoardSpec board, MemoryMap map) {
        return String.format(Locale.ROOT, """
                /* Generated by TinyForge for %s (%s), memory map: %s. */
                /* Link with -Wl,--enable-non-contiguous-regions: read-only data that does not fit FLASH goes to RODATA. */
                ENTRY(tfg_reset_handler)

                MEMORY
                {
                    FLASH  (rx)  : ORIGIN = 0x%08X, LENGTH = %d
                    RODATA (r)   : ORIGIN = 0x%08X, LENGTH = %d
                    RAM    (rwx) : ORIGIN = 0x%08X, LENGTH = %d
                }

                TFG_STACK_RESERVE = %d;

                SECTIONS
                {
                """, board.id(), board.core(), map.name(), map.flashOrigin(), map.flashBytes(), map.rodataOrigin(),
                map.rodataBytes(), map.ramOrigin(), map.ramBytes(), STACK_RESERVE_BYTES)
                + TEXT + EXIDX + DATA + RODATA_SPILLING + BSS_AND_STACK;
    }
}
