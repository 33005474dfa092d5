package dev.tinyforge.boards;

import dev.tinyforge.target.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a built firmware to a board through OpenOCD with the board's configuration files
 * ({@code program ... verify reset exit}), or for STM32 boards through st-flash (stlink-tools) as a
 * raw image at the start of flash. When no probe answers, says so plainly, with what to check,
 * instead of the tool's own error trail.
 */
public final class Flasher {
    private static final long TIMEOUT_SECONDS = 180;
    private static final List<String> NO_PROBE = List.of("open failed", "no device found", "unable to find",
            "could not find", "no j-link", "couldn't open", "libusb_open() failed", "error: no cmsis-dap",
            "couldn't find any st-link", "found 0 stlink");

    /** The programs that can flash a board. */
    public enum Program {
        /** OpenOCD with the board's {@code openocd} configuration files; any probe OpenOCD knows. */
        OPENOCD("openocd", "openocd"),
        /** st-flash from stlink-tools: ST-LINK probes and STM32 parts only. */
        ST_FLASH("st-flash", "stlink-tools");

        private final String command;
        private final String debianPackage;

        Program(String command, String debianPackage) {
            this.command = command;
            this.debianPackage = debianPackage;
        }

        public String command() {
            return command;
        }

        /** @throws IllegalArgumentException naming the choices */
        public static Program of(String name) {
            for (Program t : values()) {
                if (t.command.equals(name)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("flasher '" + name + "': expected openocd or st-flash");
        }
    }

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

    /**
     * The st-flash command that writes {@code bin} (the ELF as a raw image) at the start of the board's
     * flash and resets the part.
     */
    public static List<String> stFlashCommand(BoardSpec board, Path bin) {
        if (!board.mcu().toUpperCase(java.util.Locale.ROOT).startsWith("STM32")) {
            throw new IllegalArgumentException("st-flash programs STM32 parts through an ST-LINK; board " + board.id()
                    + " has " + (board.mcu().isEmpty() ? "no mcu in its descriptor" : "a " + board.mcu())
                    + ": use --flasher openocd");
        }
        long origin = board.regions().stream().filter(r -> r.name().equals("FLASH")).mapToLong(BoardSpec.Region::origin)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("board " + board.id()
                        + " has no FLASH region in its descriptor"));
        return List.of("st-flash", "--reset", "write", bin.toString(), String.format("0x%08x", origin));
    }

    /** Flashes with OpenOCD. */
    public static String flash(BoardSpec board, Path dir) {
        return flash(board, dir, Program.OPENOCD);
    }

    /** @return the tool's output on success */
    public static String flash(BoardSpec board, Path dir, Program tool) {
        Path elf = dir.resolve(FirmwareBuilder.ELF);
        if (!Files.isRegularFile(elf)) {
            throw new IllegalArgumentException(dir + " has no " + FirmwareBuilder.ELF + ": build it first with "
                    + "`tinyforge build FILE.tflite --board " + board.id() + " -o " + dir + "`");
        }
        List<String> cmd;
        if (tool == Program.ST_FLASH) {
            Path bin = dir.resolve("firmware.bin");
            List<String> image = stFlashCommand(board, bin);
            Toolchain tc = Toolchain.of(board.target());
            Tool.check(List.of(tc.objcopy(), "-O", "binary", elf.toString(), bin.toString()), null,
                    TIMEOUT_SECONDS, tc.debianPackage());
            cmd = image;
        } else {
            cmd = command(board, elf);
        }
        Tool.Result r = Tool.run(cmd, null, TIMEOUT_SECONDS,
                tool.debianPackage);
        if (r.exitCode() != 0) {
            String lower = r.output().toLowerCase(java.util.Locale.ROOT);
            String errors = String.join("; ", r.output().lines().filter(l -> l.startsWith("Error")).limit(3).toList());
            if (NO_PROBE.stream().anyMatch(lower::contains)) {
                throw new ToolException("no debug probe found for " + board.id() + " (" + (tool == Program.OPENOCD
                        ? "OpenOCD with " + String.join(", ", board.openocd()) + ": " + errors
                        : "st-flash: " + String.join("; ", r.output().lines().filter(l -> l.contains("WARN")
                                || l.contains("ERROR")).limit(3).toList())) + "). Connect the board's ST-LINK or "
                        + "CMSIS-DAP probe over USB, check that your user may open it (udev rules, plugdev group), "
                        + "and run the command again.");
            }
            throw new ToolException(tool.command + " could not flash " + elf + " to " + board.id() + " (exit " + r.exitCode()
                    + "):\n" + r.output().strip());
        }
        return r.output();
    }
}
