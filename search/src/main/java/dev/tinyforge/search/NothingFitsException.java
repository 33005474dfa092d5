package dev.tinyforge.search;

import dev.tinyforge.zoo.ArchitectureSpec;
import java.util.Arrays;
import java.util.List;

/**
 * No sampled sub-network of any cell fits the board. The message says what the space's smallest model
 * (the smallest width and resolution of the grid, every choice at its least) needs against what the
 * board has, so the user sees how far off the budget is.
 */
public final class NothingFitsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    NothingFitsException(String message) {
        super(message);
    }

    static NothingFitsException of(Stage1Config config, FitBudget budget) {
        double w = Arrays.stream(config.widths()).min().orElseThrow();
        int r = Arrays.stream(config.resolutions()).min().orElseThrow();
        ArchitectureSpec smallest = config.space().smallest(w, r, config.classes(), config.inputChannels());
        List<SpecShapes.Layer> layers = SpecShapes.of(smallest);
        long arena = new ArenaPlanner(ArenaLayout.of(layers, budget.board().target())).arena();
        long sram = dev.tinyforge.boards.ModelFit.sramNeeded(arena, budget.board());
        long flash = budget.flashNeeded(FlashFigure.constantBytes(layers));
        boolean smallestFits = sram <= budget.board().sramBytes() && budget.flashFits(flash - budget.codeBytes());
        return new NothingFitsException((smallestFits ? "none of the " + config.samples() + " sub-networks drawn per cell of the "
                + config.space().name() + " space fits " : "nothing in the " + config.space().name() + " space fits ")
                + budget.board().id() + ": its smallest model (width " + w + ", resolution " + r + ") needs " + sram
                + " bytes of SRAM (arena " + arena + ") and " + flash + " bytes of flash; the board has "
                + budget.board().sramBytes() + " bytes of SRAM and "
                + (budget.flashBytes() == 0 ? "no flash limit" : budget.flashBytes() + " bytes of flash")
                + (smallestFits ? ". Draw more with --samples." : ". Use a board with more memory."));
    }
}
