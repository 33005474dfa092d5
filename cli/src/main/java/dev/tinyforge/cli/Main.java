package dev.tinyforge.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code tinyforge} host tool. Errors print as one line naming what is wrong and
 * exit non-zero; {@code --verbose} adds the stack trace.
 */
@Command(name = "tinyforge", mixinStandardHelpOptions = true, version = "tinyforge 0.1.0",
        scope = CommandLine.ScopeType.INHERIT, // every subcommand takes --help, as the error hint says
        description = "Neural networks for microcontrollers: zoo, int8 export, inspection and execution.",
        subcommands = {ZooCommand.class, ExportCommand.class, InspectCommand.class, RunCommand.class,
                CompileCommand.class, VerifyCommand.class, BoardsCommand.class, PlanCommand.class, BuildCommand.class,
                BenchCommand.class, FlashCommand.class, TrainCommand.class, EvalCommand.class, SearchCommand.class,
                DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the tool with the given streams and returns the exit code (used by tests too). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.subcommand() != null
                    && parseResult.subcommand().hasMatchedOption("--verbose");
            err.println("tinyforge: error: " + Errors.describe(ex));
            if (verbose) {
                ex.printStackTrace(err);
            } else if (Errors.isInternal(ex)) {
                err.println("tinyforge: this looks like a bug; rerun with --verbose and report the trace");
            }
            err.flush();
            return 1;
        });
        cl.setParameterExceptionHandler((ex, args2) -> {
            err.println("tinyforge: " + ex.getMessage());
            err.println("Try 'tinyforge " + (ex.getCommandLine().getCommandName().equals("tinyforge") ? ""
                    : ex.getCommandLine().getCommandName() + " ") + "--help'.");
            err.flush();
            return 2;
        });
        return cl.execute(args);
    }
}
