package dev.tinyforge.boards;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a built firmware to a board through OpenOCD with the board's configuration files
 * ({@code program ... verify reset exit}). When no probe answers, says so plainly, with what to
 * check, instead of OpenOCD's own error trail.
 */
public final class Flasher {
    private static final long TIMEOUT_SECONDS = 180;
    private static final List<String> NO_PROBE = List.of("open failed", "no device found", "unable to find",
            "could not find", "no j-link", "couldn't open", "libusb_open() failed", "error: no cmsis-dap");

    private Flasher() {
    }

    /** The OpenOCD command that flashes {@code elf} to the board. */
    public static List<String> command(BoardSpec board, Path elf) {
        if (board.openocd().isEmpty()) {
            throw new IllegalArgumentException("board " + board.id() + " has no OpenOCD configuration (\"openocd\" in its"
                    + " descriptor)" + (board.isLinux() ? ": it runs Linux; copy " + elf.getFileName()
                            + " to it and run it there" : "; add its interface/target .cfg files to the descriptor"));
        }
        List<String> cmd = new ArrayList<>(List.of("openocd"));
        for (String cfg : board.openocd()) {
            cmd.addAll(List.of("-f", cfg));
        }
        cmd.addAll(List.of("-c", "program " + elf + " verify reset exit"));
        return cmd;
    }

    /** @return OpenOCD's output on success */
    public static String flash(BoardSpec board, Path dir) {
        Path elf = dir.resolve(FirmwareBuilder.ELF);
        if (!Files.isRegularFile(elf)) {
            throw new IllegalArgumentException(dir + " has no " + FirmwareBuilder.ELF + ": build it first with "
                    + "`tinyforge build FILE.tflite --board " + board.id() + " -o " + dir + "`");
        }
        Tool.Result r = Tool.run(command(board, elf), null, TIMEOUT_SECONDS, "openocd");
        if (r.exitCode() != 0) {
            String lower = r.output().toLowerCase(java.util.Locale.ROOT);
            String errors = String.join("; ", r.output().lines().filter(l -> l.startsWith("Error")).limit(3).toList());
            if (NO_PROBE.stream().anyMatch(lower::contains)) {
                throw new ToolException("no debug probe found for " + board.id() + " (OpenOCD with "
                        + String.join(", ", board.openocd()) + ": " + errors + "). Connect the board's ST-LINK or "
                        + "CMSIS-DAP probe over USB, check that your user may open it (udev rules, plugdev group), "
                        + "and run the command again.");
            }
            throw new ToolException("OpenOCD could not flash " + elf + " to " + board.id() + " (exit " + r.exitCode()
                    + "):\n" + r.output().strip());
        }
        return r.output();
    }
}
