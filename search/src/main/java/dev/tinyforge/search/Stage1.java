package dev.tinyforge.search;

import dev.tinyforge.zoo.ArchitectureSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Stage 1 of MCUNet's TinyNAS, search-space optimization: for every (width, resolution) cell of the
 * grid, draw sub-networks from the space, keep those whose arena and flash fit the board (the memory
 * planner's arena for the int8 model, layer by layer; constant data plus the board's code figure), and
 * pick the cell whose draws yield the most MACs ({@link CellResult#expectedMacs}: MCUNet's rule, the
 * higher the MACs of the models that fit the likelier an accurate one, weighted by how many fit).
 *
 * <p>Each cell draws from its own random stream, split from the seed in grid order, so cells run on
 * any number of threads and the result is the same bytes for the same seed.
 */
public final class Stage1 {
    private Stage1() {
    }

    /**
     * Runs the grid on {@code threads} threads.
     *
     * @throws NothingFitsException when no sampled sub-network of any cell fits
     */
    public static Stage1Result run(Stage1Config config, FitBudget budget, int threads) {
        double[] widths = config.widths();
        int[] resolutions = config.resolutions();
        SplittableRandom root = new SplittableRandom(config.seed());
        List<SplittableRandom> streams = new ArrayList<>();
        for (int i = 0; i < widths.length * resolutions.length; i++) {
            streams.add(root.split());
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "stage1");
            t.setDaemon(true);
            return t;
        });
        List<CellResult> cells = new ArrayList<>();
        try {
            List<Future<CellResult>> futures = new ArrayList<>();
            for (int wi = 0; wi < widths.length; wi++) {
                for (int ri = 0; ri < resolutions.length; ri++) {
                    double w = widths[wi];
                    int r = resolutions[ri];
                    SplittableRandom rnd = streams.get(wi * resolutions.length + ri);
                    futures.add(pool.submit(() -> cell(config, budget, w, r, rnd)));
                }
            }
            for (Future<CellResult> f : futures) {
                cells.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stage 1 was interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
        CellResult chosen = null;
        for (CellResult c : cells) {
            if (c.fitting() > 0 && (chosen == null || c.expectedMacs() > chosen.expectedMacs())) {
                chosen = c;
            }
        }
        if (chosen == null && config.maxMacs() != Stage1Config.NO_MAC_LIMIT) {
            throw new NothingFitsException(String.format(java.util.Locale.ROOT, "none of the sub-networks drawn in the"
                    + " %s space both fits %s and has at most %.2f M MACs, what the time budget can train; give a longer"
                    + " --time-budget, or --width and --resolution", config.space().name(), budget.board().id(),
                    config.maxMacs() / 1e6));
        }
        if (chosen == null) {
            throw NothingFitsException.of(config, budget);
        }
        return new Stage1Result(config, budget, cells, chosen);
    }

    private static CellResult cell(Stage1Config config, FitBudget budget, double w, int r, SplittableRandom rnd) {
        long[] macs = new long[config.samples()];
        int fitting = 0;
        for (int i = 0; i < config.samples(); i++) {
            ArchitectureSpec spec = config.space().sample(rnd, w, r, config.classes(), config.inputChannels());
            SampleFigures f = SampleFigures.of(spec, budget);
            if (f.fits() && f.macs() <= config.maxMacs()) {
                macs[fitting++] = f.macs();
            }
        }
        return CellResult.of(w, r, config.samples(), java.util.Arrays.copyOf(macs, fitting));
    }
}
