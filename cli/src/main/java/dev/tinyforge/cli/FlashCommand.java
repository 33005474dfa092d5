package dev.tinyforge.cli;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Boards;
import dev.tinyforge.boards.Flasher;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tinyforge flash}: writes DIR/firmware.elf (from {@code build}) to the board through OpenOCD. */
@Command(name = "flash", description = "Flash DIR/firmware.elf (made by `tinyforge build`) to a board through OpenOCD.")
final class FlashCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR")
    Path dir;

    @Option(names = "--board", paramLabel = "B", defaultValue = Boards.DEFAULT,
            description = "Board id (default: ${DEFAULT-VALUE}); see `tinyforge boards`.")
    String board;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BoardSpec b = Boards.get(board);
        Flasher.flash(b, dir);
        spec.commandLine().getOut().printf("flashed %s to %s and reset it%n", dir.resolve("firmware.elf"), b.id());
        return 0;
    }
}
