package dev.tinyforge.boards;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a firmware on the board's stand-in: qemu-system-arm with the board's QEMU machine,
 * semihosting for the harness's text and exit code, and {@code -icount shift=0} so SysTick ticks
 * count instructions, repeatably; aarch64 Linux boards run under qemu-aarch64 (user mode).
 */
public final class Emulator {
    private static final long TIMEOUT_SECONDS = 600;

    /**
     * The result of one emulated run.
     *
     * @param instructions instructions of the fastest run (SysTick ticks × instructions per tick;
     *     granularity one tick), or -1 when the emulator cannot count them (qemu-aarch64)
     */
    public record Run(HarnessReport report, long instructions, String command) {
    }

    private Emulator() {
    }

    public static Run run(BoardSpec board, Path elf) {
        List<String> cmd = command(board, elf);
        Tool.Result r = Tool.run(cmd, null, TIMEOUT_SECONDS,
                board.isLinux() ? "qemu-user-static" : "qemu-system-arm");
        String shown = String.join(" ", cmd);
        HarnessReport report = HarnessReport.parse(r.output(), shown);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(shown + " exited with " + r.exitCode() + ":\n" + r.output().strip());
        }
        long instructions = -1;
        if (!board.isLinux() && report.timer().equals("systick")) {
            instructions = Math.round(report.bestTicks() * QemuMachine.of(board).instructionsPerTick());
        }
        return new Run(report, instructions, shown);
    }

    /**
     * A firmware built with the UART console, running on the board's stand-in with UART0 on a new
     * pseudo-terminal ({@code -serial pty}): {@link SerialHarness} reads it as it would a board's
     * virtual COM port. Close it to stop QEMU.
     */
    public static final class SerialSession implements AutoCloseable {
        private static final java.util.regex.Pattern PTY = java.util.regex.Pattern.compile("(/dev/pts/\\d+)");
        private final Process process;
        private final String port;

        private SerialSession(Process process, String port) {
            this.process = process;
            this.port = port;
        }

        /** The pseudo-terminal carrying UART0, e.g. {@code /dev/pts/3}. */
        public String port() {
            return port;
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @param extraArguments more QEMU arguments, e.g. {@code -S} to hold the core at reset */
    public static SerialSession startWithSerialPty(BoardSpec board, Path elf, String... extraArguments) {
        List<String> cmd = new ArrayList<>(List.of("qemu-system-arm", "-M", QemuMachine.of(board).name(), "-display",
                "none", "-monitor", "none", "-serial", "pty", "-kernel", elf.toString()));
        cmd.addAll(List.of(extraArguments));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new ToolException("cannot run qemu-system-arm (install the Debian package qemu-system-arm): "
                    + e.getMessage());
        }
        StringBuilder seen = new StringBuilder();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                java.util.regex.Matcher m = SerialSession.PTY.matcher(line);
                if (m.find()) {
                    // QEMU writes nothing more to this stream; closing our end does not stop it
                    return new SerialSession(p, m.group(1));
                }
            }
        } catch (java.io.IOException e) {
            seen.append(e.getMessage());
        }
        p.destroyForcibly();
        throw new ToolException(String.join(" ", cmd) + " gave no pseudo-terminal:\n" + seen.toString().strip());
    }

    static List<String> command(BoardSpec board, Path elf) {
        List<String> cmd = new ArrayList<>();
        if (board.isLinux()) {
            cmd.add("qemu-aarch64-static");
            cmd.addAll(List.of("-cpu", board.core()));
            cmd.add(elf.toString());
            return cmd;
        }
        QemuMachine m = QemuMachine.of(board);
        cmd.addAll(List.of("qemu-system-arm", "-M", m.name(), "-nographic", "-monitor", "none", "-serial", "none",
                "-semihosting-config", "enable=on,target=native", "-icount", "shift=0", "-kernel", elf.toString()));
        return cmd;
    }
}
