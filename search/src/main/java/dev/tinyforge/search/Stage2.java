package dev.tinyforge.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.ArchitectureSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Stage 2 of the search: the strategy proposes candidates inside the cell, those that do not fit the
 * board are refused before training (the strategy proposes again), the rest are evaluated and logged,
 * until the number of evaluations is reached or the time budget is spent (no new candidate starts
 * after it; one being trained finishes).
 *
 * <p>Rerun on a directory holding a log, it replays the log: the strategy proposes again from the same
 * random stream, each proposal is checked against the logged candidate and takes the logged metrics
 * instead of being trained, and the search continues from the first unlogged candidate. So a search
 * stopped after k candidates and resumed gives the same history, byte for byte, as one never stopped.
 */
public final class Stage2 {
    /** Proposals in a row that may be refused for not fitting before the search gives up. */
    static final int MAX_REJECTIONS = 10_000;

    private Stage2() {
    }

    /**
     * @param evaluations stop after this many trained candidates (replayed ones included)
     * @param timeBudgetSeconds start no candidate after this much wall time (earlier runs on the
     *     directory count), or {@code Double.POSITIVE_INFINITY}
     * @throws IllegalArgumentException in one line: another search's directory, nothing fits, or a time
     *     budget that ends before the first candidate is trained
     */
    public static Stage2Result run(Stage2Config config, SearchSpace space, FitBudget fit, Evaluator evaluator,
            Path dir, int evaluations, double timeBudgetSeconds, Progress progress) {
        if (evaluations < 1 || evaluations > 1_000_000) {
            throw new IllegalArgumentException("--evaluations " + evaluations + " is out of range; use 1 to 1000000");
        }
        SearchStrategy strategy = SearchStrategy.get(config.strategy(), config.population(), config.sample());
        Objective objective = config.objective();
        HistoryLog log = HistoryLog.open(dir, config);
        int logged = log.size();
        SplittableRandom rnd = new SplittableRandom(config.seed());
        List<Candidate> history = new ArrayList<>();
        long start = System.nanoTime();
        double earlier = 0;
        int rejectedTotal = 0;
        String stoppedBy = "evaluations";
        while (history.size() < evaluations) {
            int index = history.size();
            boolean replay = index < logged;
            double spent = earlier + (replay ? 0 : (System.nanoTime() - start) / 1e9);
            if (!replay && spent >= timeBudgetSeconds) {
                stoppedBy = "time budget";
                break;
            }
            int rejected = 0;
            Proposal p;
            ArchitectureSpec spec;
            while (true) {
                p = strategy.propose(rnd, history, space, config.cell(), objective);
                spec = space.decode(p.genome().genes(), p.genome().width(), p.genome().resolution(), config.classes(),
                        config.inputChannels());
                SampleFigures figures = SampleFigures.of(spec, fit);
                if (figures.fits() && figures.macs() <= config.maxMacs()) {
                    break;
                }
                if (++rejected >= MAX_REJECTIONS) {
                    throw new IllegalArgumentException("none of " + MAX_REJECTIONS + " candidates the " + strategy.name()
                            + " strategy proposed in the " + space.name() + " space (" + config.cell() + ") fits "
                            + fit.board().id() + " (" + fit.board().sramBytes() + " bytes of SRAM)"
                            + (config.maxMacs() == Stage1Config.NO_MAC_LIMIT ? "" : String.format(Locale.ROOT,
                                    " within %.2f M MACs", config.maxMacs() / 1e6))
                            + "; choose a smaller width or resolution, a board with more memory, or a longer time budget");
                }
            }
            rejectedTotal += rejected;
            CandidateMetrics m;
            if (replay) {
                JsonNode line = log.line(index);
                Genome fromLog = genome(line.path("genome"));
                if (!fromLog.equals(p.genome()) || line.path("rejected_before").asInt() != rejected) {
                    throw new IllegalArgumentException(log.file() + " line " + (index + 1) + " holds another candidate ("
                            + fromLog + ") than this search proposes (" + p.genome() + "): it was written by another"
                            + " search or another version; use another -o DIR");
                }
                m = CandidateMetrics.fromJson(line.path("metrics"), log.seconds(index));
                earlier += log.seconds(index);
            } else {
                double budgetLeft = timeBudgetSeconds - spent;
                long candidateStart = System.nanoTime();
                boolean first = history.isEmpty();
                try {
                    m = evaluator.evaluate(spec, () -> first
                            && (System.nanoTime() - candidateStart) / 1e9 > budgetLeft);
                } catch (CandidateEvaluator.Cancelled c) {
                    double perStep = c.seconds() / Math.max(1, c.stepsDone());
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "time budget %s ran out before the first"
                            + " candidate was trained (%d of %d proxy steps in %.0f s): give at least %s, or fewer"
                            + " --proxy-steps", Durations.format(timeBudgetSeconds), c.stepsDone(),
                            config.proxy().steps(), c.seconds(),
                            Durations.format(Math.ceil(2 * perStep * config.proxy().steps() + 1))));
                }
            }
            Candidate c = new Candidate(index, p, rejected, spec, m, objective.score(m));
            history.add(c);
            if (!replay) {
                log.append(c, strategy.name());
            }
            progress.note(line(c, evaluations, replay));
        }
        if (history.isEmpty()) {
            throw new IllegalArgumentException("time budget " + Durations.format(timeBudgetSeconds)
                    + " was spent by the earlier runs on " + dir + " before any candidate was trained; give a larger"
                    + " --time-budget");
        }
        Candidate winner = history.get(0);
        for (Candidate c : history) {
            if (c.score() > winner.score()) {
                winner = c;
            }
        }
        Stage2Result result = new Stage2Result(config, history, winner, stoppedBy, Math.min(logged, history.size()),
                rejectedTotal, earlier + (System.nanoTime() - start) / 1e9);
        result.write(dir);
        return result;
    }

    private static Genome genome(JsonNode n) {
        JsonNode g = n.path("genes");
        int[] genes = new int[g.size()];
        for (int i = 0; i < genes.length; i++) {
            genes[i] = g.get(i).asInt();
        }
        return new Genome(genes, n.path("width").asDouble(), n.path("resolution").asInt());
    }

    private static String line(Candidate c, int evaluations, boolean replay) {
        CandidateMetrics m = c.metrics();
        Proposal p = c.proposal();
        String how = p.parent() < 0 ? "random" : "child of #" + (p.parent() + 1) + ", " + p.mutation();
        String accuracy = m.valAccuracy() == null ? m.status() + " (" + m.reason() + ")"
                : String.format(Locale.ROOT, "val %.2f%%", 100 * m.valAccuracy());
        return String.format(Locale.ROOT, "candidate %d/%d (%s%s): w %s r %d, %s, %.1f M MACs, %d params,"
                + " SRAM %d B, flash %d B%s, %s", c.index() + 1, evaluations, how,
                c.rejectedBefore() > 0 ? ", " + c.rejectedBefore() + " refused before" : "", c.genome().width(),
                c.genome().resolution(), accuracy, m.macs() / 1e6, m.params(), m.sramBytes(),
                m.flashBytes(), m.latencyMs() == null ? "" : String.format(Locale.ROOT, ", %.1f ms", m.latencyMs()),
                replay ? "replayed from the log" : String.format(Locale.ROOT, "%.1f s", m.seconds()));
    }
}
