package dev.tinyforge.cli;

import picocli.CommandLine.Option;

/** The {@code --verbose} flag every command accepts (read by {@link Main}'s error handler). */
final class VerboseOption {
    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;
}
