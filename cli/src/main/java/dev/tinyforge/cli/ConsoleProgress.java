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

    ConsoleProgress(PrintWriter err) {
        this.err = err;
        this.terminal = System.console() != null && System.getenv("CI") == null;
    }

    @Override
    public void update(String task, int done, int total) {
        if (!task.equals(lastTask)) {
            lastTask = task;
            lastTenth = -1;
        }
        if (terminal) {
            int filled = total == 0 ? WIDTH : done * WIDTH / total;
            err.print("\r" + task + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total);
            if (done == total) {
                err.println();
            }
            err.flush();
            return;
        }
        int tenth = total == 0 ? 10 : done * 10 / total;
        if (tenth != lastTenth) {
            lastTenth = tenth;
            err.println(task + ": " + done + "/" + total);
            err.flush();
        }
    }
}
