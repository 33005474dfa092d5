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
