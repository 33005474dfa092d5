package dev.tinyforge.cli;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Boards;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tinyforge boards}: the built-in and user-defined board descriptors. */
@Command(name = "boards", description = "List the boards (built-in, and your own JSON files in $TINYFORGE_BOARDS "
        + "or ~/.config/tinyforge/boards).")
final class BoardsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON: a list of {id, core, clock_hz, sram_bytes, flash_bytes, ...}.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<BoardSpec> boards = Boards.all();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (BoardSpec b : boards) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("id", b.id());
                r.put("name", b.name());
                r.put("mcu", b.mcu());
                r.put("core", b.core());
                r.put("arch", b.arch());
                r.put("fpu", b.fpu());
                r.put("clock_hz", b.clockHz());
                r.put("sram_bytes", b.sramBytes());
                r.put("flash_bytes", b.flashBytes());
                r.put("qemu_machine", b.qemuMachine());
                r.put("openocd", b.openocd());
                r.put("os", b.os());
                r.put("default", b.id().equals(Boards.DEFAULT));
                rows.add(r);
            }
            out.println(Json.write(rows));
            return 0;
        }
        out.printf("%-18s %-14s %-16s %9s %10s %10s  %s%n", "id", "mcu", "core", "clock", "SRAM", "flash", "emulated as");
        for (BoardSpec b : boards) {
            out.printf("%-18s %-14s %-16s %6d MHz %10s %10s  %s%s%n", b.id(), b.mcu(), b.core(), b.clockHz() / 1_000_000,
                    Format.bytes(b.sramBytes()), b.hasFlashLimit() ? Format.bytes(b.flashBytes()) : "-",
                    b.qemuMachine().equals("user") ? "qemu-aarch64" : b.qemuMachine(),
                    b.id().equals(Boards.DEFAULT) ? "  (default)" : "");
        }
        return 0;
    }
}
