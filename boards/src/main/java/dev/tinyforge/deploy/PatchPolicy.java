package dev.tinyforge.deploy;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.ModelFit;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.plan.PatchPlan;
import dev.tinyforge.plan.PatchPlanner;
import dev.tinyforge.target.Target;
import java.util.List;

/**
 * Which patch plan a model gets on a board: {@code none}; {@code N:p}, the first N ops on p×p patches;
 * or {@code auto}, which keeps the model unpatched when it fits the board's SRAM, else takes the plan
 * that fits with the fewest recomputed MACs, else the smallest arena there is when it beats the
 * unpatched one (the model then does not fit either way). The {@code --patches} option of the
 * commands, and what the search asks.
 */
public final class PatchPolicy {
    private PatchPolicy() {
    }

    /**
     * The plan {@code spec} asks for, or {@code null} for none.
     *
     * @throws IllegalArgumentException naming the value and what is legal, for a bad spec or stage
     */
    public static PatchPlan resolve(String spec, Graph g, BoardSpec board) {
        String s = spec == null ? "none" : spec.trim();
        Target target = board.target();
        if (s.equals("none")) {
            return null;
        }
        if (s.equals("auto")) {
            return auto(g, board);
        }
        String[] parts = s.split(":");
        int n;
        int p;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            n = Integer.parseInt(parts[0]);
            p = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--patches '" + spec + "': expected none, auto or N:p (e.g. 6:4)");
        }
        try {
            return PatchPlanner.plan(g, target, n, p);
        } catch (IllegalArgumentException e) {
            List<Integer> legal = PatchPlanner.legalPrefixes(g);
            throw new IllegalArgumentException("--patches " + s + ": " + e.getMessage() + "; legal stage lengths: "
                    + (legal.isEmpty() ? "none" : legal.toString()));
        }
    }

    /** {@code auto}: see the class comment. */
    public static PatchPlan auto(Graph g, BoardSpec board) {
        Target target = board.target();
        long unpatched = ModelPlan.of(g, target).arenaBytes(); // PADs folded, as the unpatched build has them
        if (ModelFit.sramNeeded(unpatched, board) <= board.sramBytes()) {
            return null;
        }
        long budget = board.sramBytes() - ModelFit.sramNeeded(0, board); // what the arena may take
        return PatchPlanner.choose(g, target, budget)
                .or(() -> PatchPlanner.smallest(g, target).filter(p -> p.arenaBytes() < unpatched)).orElse(null);
    }
}
