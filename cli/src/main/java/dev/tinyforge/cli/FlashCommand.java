package dev.tinyforge.cli;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Flasher;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tinyforge flash}: writes DIR/firmware.elf (from {@code build}) to the board through OpenOCD or st-flash. */
@Command(name = "flash", description = "Flash DIR/firmware.elf (made by `tinyforge build`) to a board through OpenOCD "
        + "(or st-flash).")
final class FlashCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR")
    Path dir;

    @Mixin
    BoardOption board;

    @Option(names = "--flasher", paramLabel = "openocd|st-flash", defaultValue = "openocd",
            description = "Program that flashes: openocd (default) or st-flash (STM32 boards with an ST-LINK).")
    String flasher;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BoardSpec b = board.spec();
        Flasher.flash(b, dir, Flasher.Program.of(flasher));
        spec.commandLine().getOut().printf("flashed %s to %s with %s and reset it%n", dir.resolve("firmware.elf"),
                b.id(), flasher);
        return 0;
    }
}
