package dev.tinyforge.boards;

import dev.tinyforge.target.Toolchain;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section sizes of a linked firmware as the toolchain's {@code size -A} reports them: flash is what
 * is stored (vector table and code, read-only data, exception index, initial values of
 * {@code .data}; {@code .rodata2}, the constants placed in a board's RODATA region, counts too); RAM is {@code .data} plus {@code .bss}, the stack being the rest of SRAM.
 */
public record ElfSizes(Map<String, Long> sections) {

    public ElfSizes {
        sections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    private static final List<String> FLASH = List.of(".text", ".rodata", ".rodata2", ".ARM.exidx", ".data");

    public static ElfSizes read(Toolchain tc, Path elf) {
        String out = Tool.check(List.of(tc.sizeTool(), "-A", "-d", elf.toString()), null, 60, tc.debianPackage());
        Map<String, Long> s = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].startsWith(".") && f[1].matches("\\d+")) {
                s.put(f[0], Long.parseLong(f[1]));
            }
        }
        return new ElfSizes(s);
    }

    public long section(String name) {
        return sections.getOrDefault(name, 0L);
    }

    /** Bytes stored in flash. */
    public long flashBytes() {
        return FLASH.stream().mapToLong(this::section).sum();
    }

    /** Bytes of SRAM outside the stack: {@code .data} + {@code .bss}. */
    public long ramBytes() {
        return section(".data") + section(".bss");
    }
}
