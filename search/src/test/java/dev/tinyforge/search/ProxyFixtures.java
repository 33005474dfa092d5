package dev.tinyforge.search;

import dev.tinyforge.boards.Boards;
import dev.tinyforge.data.FashionMnist;

/**
 * The tiny proxy the stage-2 tests share: 300 Fashion-MNIST training images (240 to train, 60 to
 * validate), 3 steps of 16, networks at width 0.1-0.15 and resolution 16-20 on the default board.
 * Without oneDNN a step of these deep little networks takes about 0.3 s on the 2-core machine, so the
 * tests check the machinery (determinism, the log, resuming), not what a proxy learns.
 */
final class ProxyFixtures {
    static final ProxyData DATA = ProxyData.of(FashionMnist.train(), 300, 0);
    static final ProxyBudget BUDGET = new ProxyBudget(3, 16, 2);
    static final SearchCell CELL = new SearchCell(new double[] {0.1, 0.15}, new int[] {16, 20});
    static final FitBudget FIT = FitBudget.of(Boards.get(Boards.DEFAULT));

    private ProxyFixtures() {
    }

    static Stage2Config config(String strategy, long seed) {
        return new Stage2Config("ofa-mbv2", FIT.board().id(), FIT.board().sramBytes(), FIT.flashBytes(), "fashion-mnist",
                10, 1, CELL, strategy, 3, 2, seed, BUDGET, 300, Objective.ACCURACY, Stage1Config.NO_MAC_LIMIT);
    }

    static Evaluator evaluator(long seed) {
        return new LocalEvaluator(DATA, seed, BUDGET, FIT, null, dev.tinyforge.util.Progress.NONE);
    }
}
