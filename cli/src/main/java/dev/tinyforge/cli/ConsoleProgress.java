package dev.tinyforge.cli;

import dev.tinyforge.util.Progress;
import java.io.PrintWriter;

/**
 * Progress on stderr: a redrawn bar on a terminal, and plain lines (at most one per tenth of the work)
 * when output goes to a file or CI.
 */
final class ConsoleProgress implements Progress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean terminal;
    private String lastTask = "";
    private int lastTenth = -1;
    private long taskStart = System.nanoTime();

    ConsoleProgress(PrintWriter err) {
        this.err = err;
        this.terminal = System.console() != null && System.getenv("CI") == null;
    }

    /** Whether the bar is redrawn (a terminal) rather than printed as plain lines. */
    boolean terminal() {
        return terminal;
    }

    @Override
    public void update(String task, int done, int total) {
        update(task, done, total, null);
    }

    @Override
    public void note(String line) {
        err.println(line);
        err.flush();
    }

    @Override
    public void update(String task, int done, int total, String detail) {
        if (!task.equals(lastTask)) {
            lastTask = task;
            lastTenth = -1;
            taskStart = System.nanoTime();
        }
        String tail = (detail == null ? "" : ", " + detail) + eta(done, total);
        if (terminal) {
            int filled = total == 0 ? WIDTH : done * WIDTH / total;
            err.print("\r" + task + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total
                    + tail + "\033[K");
            if (done == total) {
                err.println();
            }
            err.flush();
            return;
        }
        int tenth = total == 0 ? 10 : done * 10 / total;
        if (tenth != lastTenth) {
            lastTenth = tenth;
            err.println(task + ": " + done + "/" + total + tail);
            err.flush();
        }
    }

    /** ", ETA 1m05s" once a few seconds of the task have passed and work remains; else nothing. */
    private String eta(int done, int total) {
        double elapsed = (System.nanoTime() - taskStart) / 1e9;
        if (done <= 0 || done >= total || elapsed < 2) {
            return "";
        }
        long left = Math.round(elapsed / done * (total - done));
        return ", ETA " + (left >= 60 ? left / 60 + "m" + String.format("%02d", left % 60) + "s" : left + "s");
    }
}
