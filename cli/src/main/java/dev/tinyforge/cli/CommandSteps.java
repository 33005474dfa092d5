package dev.tinyforge.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs tinyforge commands from inside another one, as a user would type them: the command line is
 * printed first, so a user can rerun any step by hand. {@code demo} is made of such steps, and
 * {@code search} trains and runs its winner with them.
 */
final class CommandSteps {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean verbose;
    private final String caller;

    CommandSteps(String caller, PrintWriter out, PrintWriter err, boolean verbose) {
        this.caller = caller;
        this.out = out;
        this.err = err;
        this.verbose = verbose;
    }

    /**
     * Runs one command; a command given {@code --json} has its standard output captured and returned
     * (otherwise it prints to ours and the result is empty).
     *
     * @throws IllegalStateException in one line when the command fails (its own error is printed above)
     */
    String run(String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        out.println("\n$ tinyforge " + String.join(" ", line));
        out.flush();
        boolean captured = line.contains("--json");
        StringWriter text = new StringWriter();
        PrintWriter to = captured ? new PrintWriter(text, true) : out;
        if (verbose) {
            line.add("--verbose");
        }
        int code = Main.execute(line.toArray(String[]::new), to, err);
        to.flush();
        if (code != 0) {
            throw new IllegalStateException(caller + ": 'tinyforge " + String.join(" ", args) + "' failed (exit " + code
                    + "; its error is above)");
        }
        return text.toString();
    }
}
