package dev.tinyforge.cli;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Boards;
import picocli.CommandLine.Option;

/** The {@code --board} option of the commands that plan, build, run or flash for a board. */
final class BoardOption {
    @Option(names = "--board", paramLabel = "B", defaultValue = Boards.DEFAULT,
            description = "Board id (default: ${DEFAULT-VALUE}); see `tinyforge boards`.")
    String id;

    /** The board's descriptor; an unknown id is an error naming the known ones. */
    BoardSpec spec() {
        return Boards.get(id);
    }
}
