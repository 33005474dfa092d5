package dev.tinyforge.boards;

import com.fazecast.jSerialComm.SerialPort;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads the harness's report from a board over a serial port (jSerialComm): opens the port at the
 * console's baud rate, 8N1, sends 'r' (again whenever the harness says "tfg ready" before a report
 * has started, and after every quiet stretch, in case the board was still starting), and collects
 * the lines from "tfg model" to "tfg end", asking again when a line came garbled. The harness waits
 * for the 'r', so it does not matter whether the port was opened before or after the board came out
 * of reset.
 */
public final class SerialHarness {
    private static final long RESEND_MILLIS = 3000;
    /** Reports with a lost or run-together line asked for again before giving up with what came. */
    private static final int MAX_GARBLED = 3;

    private SerialHarness() {
    }

    /** Without progress. */
    public static HarnessReport read(String port, int baud, Duration timeout) {
        return read(port, baud, timeout, 0, dev.tinyforge.util.Progress.NONE);
    }

    /**
     * @param runs the runs the firmware reports, for progress (0: unknown)
     * @throws ToolException when the port cannot be opened or the report does not complete in time
     */
    public static HarnessReport read(String port, int baud, Duration timeout, int runs,
            dev.tinyforge.util.Progress progress) {
        SerialPort sp;
        try {
            sp = SerialPort.getCommPort(port);
        } catch (RuntimeException e) {
            throw new ToolException("serial port " + port + " does not exist (" + e.getMessage() + "); the board's "
                    + "virtual COM port is usually /dev/ttyACM0 on Linux, COM3 or similar on Windows");
        }
        sp.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        sp.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        sp.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 200, 0);
        if (!sp.openPort()) {
            throw new ToolException("cannot open serial port " + port + " (error " + sp.getLastErrorCode() + "): check that "
                    + "the board is connected, that your user may open the port (the dialout group on Linux) and that "
                    + "no other program, such as a terminal, holds it");
        }
        try {
            return collect(sp, port, timeout, runs, progress);
        } finally {
            sp.closePort();
        }
    }

    private static HarnessReport collect(SerialPort sp, String port, Duration timeout, int runs,
            dev.tinyforge.util.Progress progress) {
        String task = "running on the board (" + port + ")";
        int runsSeen = 0;
        progress.update(task, 0, runs);
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        StringBuilder report = new StringBuilder();
        StringBuilder seen = new StringBuilder();
        boolean started = false;
        int garbled = 0;
        byte[] buffer = new byte[256];
        ask(sp);
        long lastAsk = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int n = sp.readBytes(buffer, buffer.length);
            if (n < 0) {
                throw new ToolException("serial port " + port + " failed while reading (error " + sp.getLastErrorCode()
                        + "); was the board unplugged?");
            }
            for (int i = 0; i < n; i++) {
                if (buffer[i] != '\n') {
                    line.write(buffer[i]);
                    continue;
                }
                String text = line.toString(StandardCharsets.UTF_8).strip();
                line.reset();
                seen.append(text).append('\n');
                if (text.startsWith("tfg model ")) {
                    started = true;
                    report.setLength(0);
                }
                if (!started) {
                    if (text.startsWith("tfg ready")) {
                        ask(sp);
                        lastAsk = System.nanoTime();
                    }
                    continue;
                }
                report.append(text).append('\n');
                if (text.startsWith("tfg run ") && runsSeen < runs) {
                    progress.update(task, ++runsSeen, runs);
                }
                if (text.equals("tfg end") && !HarnessReport.isComplete(report.toString())
                        && garbled++ < MAX_GARBLED) {
                    // a line lost or run together on the wire: ask for the report again
                    started = false;
                    runsSeen = 0;
                    ask(sp);
                    lastAsk = System.nanoTime();
                    continue;
                }
                if (text.equals("tfg end") || text.startsWith("tfg error") || text.equals("tfg fault")) {
                    return HarnessReport.parse(report.toString(), "serial port " + port);
                }
            }
            if (!started && System.nanoTime() - lastAsk > RESEND_MILLIS * 1_000_000L) {
                ask(sp);
                lastAsk = System.nanoTime();
            }
        }
        String got = seen.length() == 0 ? "nothing" : "only:\n" + tail(seen.toString());
        throw new ToolException("no complete harness report on " + port + " within " + timeout.toSeconds() + " s; it sent "
                + got + "\nCheck the baud rate (" + sp.getBaudRate() + "), that the board runs firmware built with the "
                + "UART console (`tinyforge build ... --console uart`), and try its reset button.");
    }

    private static void ask(SerialPort sp) {
        sp.writeBytes(new byte[] {'r'}, 1);
    }

    private static String tail(String text) {
        return text.length() > 1500 ? "..." + text.substring(text.length() - 1500) : text;
    }
}
