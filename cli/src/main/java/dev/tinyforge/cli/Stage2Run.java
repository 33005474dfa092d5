package dev.tinyforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.data.DataSplits;
import dev.tinyforge.search.Candidate;
import dev.tinyforge.search.CandidateMetrics;
import dev.tinyforge.search.Durations;
import dev.tinyforge.search.Evaluator;
import dev.tinyforge.search.FinalModel;
import dev.tinyforge.search.FitBudget;
import dev.tinyforge.search.LatencyModel;
import dev.tinyforge.search.LocalEvaluator;
import dev.tinyforge.search.Objective;
import dev.tinyforge.search.ProxyBudget;
import dev.tinyforge.search.ProxyData;
import dev.tinyforge.search.SearchCell;
import dev.tinyforge.search.SearchSpace;
import dev.tinyforge.search.SearchStrategy;
import dev.tinyforge.search.Stage1;
import dev.tinyforge.search.Stage1Config;
import dev.tinyforge.search.Stage1Result;
import dev.tinyforge.search.Stage2;
import dev.tinyforge.search.Stage2Config;
import dev.tinyforge.search.Stage2Result;
import dev.tinyforge.search.TrainingSpeed;
import dev.tinyforge.search.report.SearchReport;
import dev.tinyforge.util.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code tinyforge search} without {@code --stage1}: checks the options, opens the dataset, runs stage 1
 * for the cell (unless {@code --width} and {@code --resolution} give it), then stage 2 in it, with one
 * progress line per candidate on stderr and the result on stdout.
 */
final class Stage2Run {
    private final SearchCommand c;
    private final PrintWriter out;
    private final PrintWriter err;

    Stage2Run(SearchCommand c, PrintWriter out, PrintWriter err) {
        this.c = c;
        this.out = out;
        this.err = err;
    }

    Integer call() throws IOException {
        long start = System.nanoTime();
        BoardSpec b = c.withSram(c.board.spec());
        SearchSpace space = SearchSpace.get(c.space);
        SearchStrategy.get(c.strategy, c.population, c.tournament);
        double budget = c.timeBudget == null ? Double.POSITIVE_INFINITY : Durations.parseSeconds(c.timeBudget);
        LatencyModel latency = LatencyModel.shipped(b.id());
        if (c.latencyMs != null && latency == null) {
            throw new IllegalArgumentException("--latency-ms: there is no latency model for " + b.id()
                    + "; calibrate one with bench/latency-model " + b.id() + ", or search without a latency target");
        }
        if (c.latencyMs != null && !(c.latencyMs > 0)) {
            throw new IllegalArgumentException("--latency-ms " + c.latencyMs + ": expected a positive target in milliseconds");
        }
        if ((c.width == null) != (c.resolution == null)) {
            throw new IllegalArgumentException("--width and --resolution go together (the cell stage 2 searches"
                    + " around); give both, or neither to let stage 1 choose");
        }
        boolean finalAuto = "auto".equals(c.finalEpochs);
        boolean finalTraining = finalAuto || WinnerTraining.epochs(c.finalEpochs) > 0;
        if (c.finalLimit != null && c.finalLimit < WinnerTraining.MIN_IMAGES / 10) {
            throw new IllegalArgumentException("--final-limit " + c.finalLimit + ": expected at least "
                    + WinnerTraining.MIN_IMAGES / 10 + " training images");
        }
        if (!(c.trainShare > 0 && c.trainShare < 1)) {
            throw new IllegalArgumentException("--train-share " + c.trainShare + ": expected a share between 0 and 1"
                    + " (e.g. 0.5)");
        }
        double stage2Budget = finalAuto ? budget * (1 - c.trainShare) : budget;
        int threads = c.threads == null ? Math.min(2, Runtime.getRuntime().availableProcessors()) : c.threads;
        ProxyBudget proxy = new ProxyBudget(c.proxySteps, c.proxyBatch, threads);
        if (c.evaluations < 1 || c.evaluations > 1_000_000) {
            throw new IllegalArgumentException("--evaluations " + c.evaluations + " is out of range; use 1 to 1000000");
        }
        DataSplits data = DataSplits.open(c.dataset);
        int classes = data.train().classes();
        int channels = data.train().shape().channels();
        FitBudget fit = FitBudget.of(b);
        ConsoleProgress console = new ConsoleProgress(err);
        SearchCell cell;
        Stage1Result stage1 = null;
        long maxMacs = Stage1Config.NO_MAC_LIMIT;
        if (c.width != null) {
            cell = SearchCell.around(c.width, c.resolution);
        } else {
            Stage1Config s1 = Stage1Config.overGrid(space, c.samples, c.seed, classes, channels);
            if (finalAuto && c.timeBudget != null) {
                s1 = s1.withMaxMacs(macsCap(budget, data, space, threads, console));
            }
            Stage1Result r = Stage1.run(s1, fit, threads);
            r.writeTo(c.output);
            out.printf(Locale.ROOT, "stage 1: width %s, resolution %d (%d of %d sub-networks fit, mean %.1f M MACs);"
                    + " wrote %s%n", r.chosen().width(), r.chosen().resolution(), r.chosen().fitting(), c.samples,
                    r.chosen().meanMacs() / 1e6, c.output.resolve(Stage1Result.JSON_FILE));
            maxMacs = s1.maxMacs();
            cell = SearchCell.around(r.chosen().width(), r.chosen().resolution());
            stage1 = r;
        }
        Stage2Config config = new Stage2Config(space.name(), b.id(), b.sramBytes(), fit.flashBytes(), c.dataset,
                classes, channels, cell, c.strategy, c.population, c.tournament, c.seed, proxy, c.proxyImages,
                c.latencyMs == null ? Objective.ACCURACY : Objective.soft(c.latencyMs), maxMacs);
        ProxyData proxyData = ProxyData.of(data.train(), c.proxyImages, c.seed);
        Progress steps = console.terminal() ? console : Progress.NONE;
        Evaluator evaluator = new LocalEvaluator(proxyData, c.seed, proxy, fit, latency, steps);
        out.printf(Locale.ROOT, "stage 2 on %s (%s): %s, %s space, %s, %d proxy steps of %d on %d of %s's images,"
                + " seed %d, up to %d candidates%s%n", b.id(), SearchCommand.sramNote(b), c.strategy, space.name(), cell,
                c.proxySteps, c.proxyBatch, c.proxyImages, c.dataset, c.seed, c.evaluations,
                c.timeBudget == null ? "" : " or " + Durations.format(stage2Budget));
        out.flush();
        double beforeStage2 = (System.nanoTime() - start) / 1e9;
        Stage2Result r = Stage2.run(config, space, fit, evaluator, c.output, c.evaluations, stage2Budget, console);
        CandidateMetrics m = r.winner().metrics();
        out.printf(Locale.ROOT, "%d candidates (%d replayed from %s, %d refused before training for not fitting),"
                + " stopped by %s, %s in all%n", r.history().size(), r.replayed(), c.output.resolve("history.jsonl"),
                r.rejected(), r.stoppedBy(), Durations.format(r.seconds()));
        out.printf(Locale.ROOT, "winner: candidate %d, width %s, resolution %d: proxy validation accuracy %.2f%%,"
                + " %.1f M MACs, %d params, peak SRAM %d of %d bytes, flash %d of %d bytes%n", r.winner().index() + 1,
                r.winner().genome().width(), r.winner().genome().resolution(), 100 * m.valAccuracy(), m.macs() / 1e6,
                m.params(), m.sramBytes(), b.sramBytes(), m.flashBytes(), fit.flashBytes());
        FinalModel f = null;
        if (finalTraining) {
            int trainImages = WinnerTraining.trainImages(c.finalLimit, data.train().size());
            WinnerTraining.Plan plan = WinnerTraining.plan(c.finalEpochs, budget, r.seconds() + beforeStage2, r,
                    c.proxySteps * c.proxyBatch, trainImages, c.finalLimit, data.test().size());
            out.printf(Locale.ROOT, "training the winner: %d epochs on %s training images%s%n", plan.epochs(),
                    plan.limit() == null ? "all " + trainImages : "a sample of " + plan.limit(),
                    finalAuto && c.timeBudget != null ? " (what the time budget leaves)" : "");
            f = WinnerTraining.run(plan, b, c, new CommandSteps("search", out, err, c.verbose.verbose), threads,
                    trainImages);
            r.writeResult(c.output, f);
            out.println();
            out.printf(Locale.ROOT, "final model on %s: int8 test accuracy %.2f%% (float %.2f%%), peak SRAM %d of %d bytes"
                    + " (firmware RAM %d), flash %d of %d bytes, latency %s; output bytes %s TFLite's%n", b.id(),
                    100 * f.int8Accuracy(), 100 * f.floatAccuracy(), m.sramBytes(), b.sramBytes(), f.ramBytes(),
                    f.flashBytes(), fit.flashBytes(), f.latencyMs() == null ? f.latencyBasis()
                            : String.format(Locale.ROOT, "%.1f ms (%s)", f.latencyMs(), f.latencyBasis()),
                    f.matchesTflite() ? "equal" : "DIFFER from");
            if (!f.matchesTflite()) {
                throw new IllegalStateException("the winner's firmware output on " + b.id() + " differs from TFLite's:"
                        + " a bug; rerun bench with --verbose and report it");
            }
        }
        Files.writeString(c.output.resolve("report.html"), SearchReport.html(report(r, f, stage1, b, fit)),
                StandardCharsets.UTF_8);
        out.println("wrote " + c.output.resolve("result.json") + " and " + c.output.resolve("report.html")
                + (f == null ? "" : ", the model " + c.output.resolve("model.tflite") + " and its firmware in "
                        + c.output.resolve("firmware")));
        if (f == null) {
            out.println("next: ./tinyforge train " + c.output.resolve("winner.json") + " --dataset " + c.dataset);
        }
        return 0;
    }

    /**
     * The MAC cap of a time-budgeted stage 1: timed on this machine, or, when DIR holds an earlier run's
     * {@code stage1.json} with a cap, that cap again, so that a resumed search chooses the same cell.
     */
    private long macsCap(double budget, DataSplits data, SearchSpace space, int threads, ConsoleProgress console)
            throws IOException {
        Path earlier = c.output.resolve(Stage1Result.JSON_FILE);
        if (Files.isRegularFile(earlier)) {
            JsonNode cap = new ObjectMapper().readTree(Files.readString(earlier)).get("max_macs");
            if (cap != null && cap.canConvertToLong()) {
                out.printf(Locale.ROOT, "stage 1 keeps networks of at most %.2f M MACs (the cap of the earlier run in %s)%n",
                        cap.asLong() / 1e6, earlier);
                return cap.asLong();
            }
        }
        TrainingSpeed speed = TrainingSpeed.probe(space, data.train(), c.seed, threads,
                console.terminal() ? console : Progress.NONE);
        long cap = WinnerTraining.macsCap(speed, budget, c.trainShare,
                WinnerTraining.trainImages(c.finalLimit, data.train().size()), data.test().size());
        out.printf(Locale.ROOT, "stage 1 keeps networks of at most %.2f M MACs: %d epochs of the winner's training fit in"
                + " %s at this machine's speed (%s)%n", cap / 1e6, WinnerTraining.MIN_EPOCHS,
                Durations.format(budget * c.trainShare), speed.basis());
        return cap;
    }

    /** What report.html shows: the trained candidates, the winner's memory, stage 1 when it ran. */
    private SearchReport.Data report(Stage2Result r, FinalModel f, Stage1Result stage1, BoardSpec b, FitBudget fit) {
        List<SearchReport.Candidate> shown = new ArrayList<>();
        int winner = 0;
        for (Candidate k : r.history()) {
            CandidateMetrics m = k.metrics();
            if (!m.trained()) {
                continue;
            }
            if (k.index() == r.winner().index()) {
                winner = shown.size();
            }
            shown.add(new SearchReport.Candidate(k.index(), "candidate " + (k.index() + 1) + " (w " + k.genome().width()
                    + ", r " + k.genome().resolution() + ")", m.valAccuracy(),
                    m.latencyMs() == null ? Double.NaN : m.latencyMs(), m.sramBytes(), m.flashBytes(), m.macs()));
        }
        CandidateMetrics w = r.winner().metrics();
        List<String> summary = new ArrayList<>();
        if (f != null) {
            summary.add(String.format(Locale.ROOT, "final model: int8 test accuracy %.2f%%, float %.2f%% after %d epochs"
                    + " (%.0f s); firmware RAM %,d bytes, flash %,d bytes, latency %s; output bytes %s TFLite's",
                    100 * f.int8Accuracy(), 100 * f.floatAccuracy(), f.epochs(), f.trainSeconds(), f.ramBytes(),
                    f.flashBytes(), f.latencyMs() == null ? f.latencyBasis()
                            : String.format(Locale.ROOT, "%.1f ms (%s)", f.latencyMs(), f.latencyBasis()),
                    f.matchesTflite() ? "equal" : "differ from"));
        }
        summary.add(String.format(Locale.ROOT, "winner: candidate %d, proxy validation accuracy %.2f%% (%d proxy steps%s)",
                r.winner().index() + 1, 100 * w.valAccuracy(), r.config().proxy().steps(),
                f == null ? "; not trained further: --final-epochs 0" : ""));
        summary.add(String.format(Locale.ROOT, "peak SRAM %,d of %,d bytes, flash %,d of %,d bytes on %s", w.sramBytes(),
                b.sramBytes(), w.flashBytes(), fit.flashBytes(), b.id()));
        if (w.latencyMs() != null) {
            summary.add(String.format(Locale.ROOT, "latency %.1f ms predicted by %s's latency model (%d MHz, one "
                    + "instruction per cycle)", w.latencyMs(), b.id(), b.clockHz() / 1_000_000));
        }
        summary.add(String.format(Locale.ROOT, "%d candidates, %d refused before training, %s strategy, stopped by %s",
                r.history().size(), r.rejected(), r.config().strategy(), r.stoppedBy()));
        return new SearchReport.Data("tinyforge search on " + b.id(), b.id(), b.sramBytes(), fit.flashBytes(),
                stage1, shown, winner, SearchReport.layers(r.winner().spec(), b.target()), w.arenaBytes(), summary);
    }
}
