package dev.tinyforge.search;

import dev.tinyforge.boards.ModelFit;
import dev.tinyforge.data.Dataset;
import dev.tinyforge.data.Fitted;
import dev.tinyforge.data.ImageShape;
import dev.tinyforge.data.SimpleBatches;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.train.BatchNormCalibration;
import dev.tinyforge.train.FloatEvaluator;
import dev.tinyforge.train.TorchNet;
import dev.tinyforge.train.Trainer;
import dev.tinyforge.train.TrainingHints;
import dev.tinyforge.train.TrainingHistory;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.ArchitectureSpec;
import dev.tinyforge.zoo.SpecBuilder;
import dev.tinyforge.zoo.ZooConfig;
import dev.tinyforge.zoo.ZooModel;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Stage 2's one pure function: a candidate spec, the proxy data, a seed and a proxy budget in; its
 * {@link CandidateMetrics} out. Memory first, from the spec alone (the planner's arena through
 * {@link ArenaPlanner}, the flash through {@link FlashFigure}): a candidate that does not fit the
 * board is not trained. Otherwise the network is built with weights drawn from the seed, trained for
 * the proxy's steps in libtorch on the proxy training images (fitted to the spec's resolution and
 * channels), its batch-norm statistics re-estimated on training batches, and its float top-1
 * measured on the validation split.
 *
 * <p>Nothing else is read or written, so the same inputs (and the same libtorch thread count) give
 * the same metrics bit for bit, wherever it runs: this is the unit a distributed engine would ship.
 */
public final class CandidateEvaluator {
    private CandidateEvaluator() {
    }

    /** Evaluation stopped from outside ({@code stop} answered true during training). */
    public static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int stepsDone;
        private final double seconds;

        Cancelled(int stepsDone, double seconds) {
            super("candidate evaluation cancelled after " + stepsDone + " steps");
            this.stepsDone = stepsDone;
            this.seconds = seconds;
        }

        public int stepsDone() {
            return stepsDone;
        }

        public double seconds() {
            return seconds;
        }
    }

    /**
     * @param latency the latency model, or {@code null} for none
     * @param progress training progress (per step)
     * @param stop asked at every step; when it answers true, training stops with {@link Cancelled}
     */
    public static CandidateMetrics evaluate(ArchitectureSpec spec, ProxyData data, long seed, ProxyBudget budget,
            FitBudget fit, LatencyModel latency, Progress progress, BooleanSupplier stop) {
        long start = System.nanoTime();
        List<SpecShapes.Layer> layers = SpecShapes.of(spec);
        long macs = SpecShapes.macs(layers);
        long arena = new ArenaPlanner(ArenaLayout.of(layers, fit.board().target())).arena();
        long sram = ModelFit.sramNeeded(arena, fit.board());
        long constants = FlashFigure.constantBytes(layers);
        long flash = fit.flashNeeded(constants);
        Double latencyMs = latency == null ? null : latency.predictMs(spec, fit.board());
        if (sram > fit.board().sramBytes()) {
            return new CandidateMetrics(CandidateMetrics.REJECTED_SRAM, String.format(Locale.ROOT,
                    "needs %d bytes of SRAM (arena %d), the board has %d", sram, arena, fit.board().sramBytes()), null,
                    null, macs, 0, arena, sram, flash, latencyMs, seconds(start));
        }
        if (!fit.flashFits(constants)) {
            return new CandidateMetrics(CandidateMetrics.REJECTED_FLASH, String.format(Locale.ROOT,
                    "needs %d bytes of flash, the board has %d", flash, fit.flashBytes()), null, null, macs, 0, arena,
                    sram, flash, latencyMs, seconds(start));
        }
        ImageShape shape = new ImageShape(spec.resolution(), spec.resolution(), spec.inputChannels());
        Dataset train = Fitted.to(data.train(), shape);
        Dataset validation = Fitted.to(data.validation(), shape);
        if (train.classes() != spec.classes()) {
            throw new IllegalArgumentException("the candidate has " + spec.classes() + " classes but "
                    + train.name() + " has " + train.classes());
        }
        ZooModel model = SpecBuilder.build(spec, new ZooConfig(1.0, spec.resolution(), spec.classes(),
                spec.inputChannels(), seed));
        long params = 0;
        for (Tensor t : model.graph().tensors()) {
            if (t.isConstant()) {
                params += t.elements();
            }
        }
        TorchNet net = TorchNet.lower(model, TrainingHints.NONE);
        Progress steps = new Progress() {
            @Override
            public void update(String task, int done, int total) {
                update(task, done, total, null);
            }

            @Override
            public void update(String task, int done, int total, String detail) {
                progress.update(task, done, total, detail);
                if (stop.getAsBoolean() && done < total) {
                    throw new Cancelled(done, seconds(start));
                }
            }
        };
        TrainingHistory h = new Trainer(budget.options(seed), steps, "proxy training", e -> { })
                .train(net, new StepBatches(train, budget.batchSize(), budget.steps(), seed), null, null);
        BatchNormCalibration.recalibrate(net, new SimpleBatches(train, budget.batchSize(), seed + 1, true),
                ProxyBudget.CALIBRATION_BATCHES, budget.threads());
        FloatEvaluator.Result v = FloatEvaluator.evaluate(net, new SimpleBatches(validation, 100, 0, false),
                Progress.NONE);
        return new CandidateMetrics(CandidateMetrics.TRAINED, "", v.accuracy(), h.last().trainLoss(), macs, params,
                arena, sram, flash, latencyMs, seconds(start));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
