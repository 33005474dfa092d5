package dev.tinyforge.search;

import dev.tinyforge.data.Dataset;
import dev.tinyforge.data.Fitted;
import dev.tinyforge.data.ImageShape;
import dev.tinyforge.train.TorchNet;
import dev.tinyforge.train.Trainer;
import dev.tinyforge.train.TrainingHints;
import dev.tinyforge.train.TrainingHistory;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.ArchitectureSpec;
import dev.tinyforge.zoo.SpecBuilder;
import dev.tinyforge.zoo.ZooConfig;
import dev.tinyforge.zoo.ZooModel;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How long training takes on this machine, as a line in MACs: seconds per training image
 * {@code = perImage + perMac × MACs}, fitted on two sub-networks of the search space trained for a
 * few steps. A time-budgeted search needs it before it has trained anything: stage 1 ranks cells by
 * MACs (MCUNet's rule: more MACs, more accuracy), which on its own picks networks that could not be
 * trained in the budget (on Fashion-MNIST for the STM32F746G, a cell of 99 M MACs, about 15 images a
 * second on 2 cores). The line is rough (per-layer costs differ between convolution kinds); it caps
 * MACs, it does not promise a time.
 */
public record TrainingSpeed(double perImage, double perMac, String basis) {

    /**
     * Untimed steps first: libtorch's first steps on a new network set up its kernels and run 2-3x
     * slower (measured: 174 images/s for a 3.2 M-MAC sample timed from its first step, where a 4 M-MAC
     * network trains at 375 once running).
     */
    static final int WARM_UP_STEPS = 2;
    /** Timed training steps per probe: few enough to cost seconds. */
    static final int PROBE_STEPS = 6;
    static final int PROBE_BATCH = 128;

    /** Seconds per training image of a network of {@code macs} MACs. */
    public double secondsPerImage(long macs) {
        return perImage + perMac * macs;
    }

    /** The most MACs a network may have to train at {@code secondsPerImage} or faster; 0 when none can. */
    public long macsAt(double secondsPerImage) {
        double m = (secondsPerImage - perImage) / perMac;
        return m <= 0 ? 0 : (long) Math.min(m, Long.MAX_VALUE / 2.0);
    }

    /**
     * Trains the space's samples at a small and a middle cell of its grid (the third width at the first
     * resolution, the fifth width at the second: 0.3 at 48 and 0.5 at 64 on MCUNet's grid) for
     * {@link #PROBE_STEPS} steps each and fits the line through their seconds per image.
     */
    public static TrainingSpeed probe(SearchSpace space, Dataset train, long seed, int threads, Progress progress) {
        int classes = train.classes();
        int channels = train.shape().channels();
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] w = space.widths();
        int[] r = space.resolutions();
        ArchitectureSpec small = space.sample(rnd, w[Math.min(2, w.length - 1)], r[0], classes, channels);
        ArchitectureSpec large = space.sample(rnd, w[Math.min(4, w.length - 1)], r[Math.min(1, r.length - 1)], classes,
                channels);
        long m1 = macs(small);
        long m2 = macs(large);
        double s1 = secondsPerImage(small, train, seed, threads, progress);
        double s2 = secondsPerImage(large, train, seed, threads, progress);
        double perMac = Math.max((s2 - s1) / Math.max(1, m2 - m1), 1e-15);
        double perImage = Math.max(s1 - perMac * m1, 0);
        return new TrainingSpeed(perImage, perMac, String.format(Locale.ROOT, "%.1f M MACs at %.0f images/s, %.1f M"
                + " MACs at %.0f images/s (%d timed steps of %d each after %d, %d threads)", m1 / 1e6, 1 / s1, m2 / 1e6, 1 / s2,
                PROBE_STEPS, PROBE_BATCH, WARM_UP_STEPS, threads));
    }

    private static long macs(ArchitectureSpec spec) {
        return SpecShapes.macs(SpecShapes.of(spec));
    }

    private static double secondsPerImage(ArchitectureSpec spec, Dataset train, long seed, int threads,
            Progress progress) {
        Dataset data = Fitted.to(train, new ImageShape(spec.resolution(), spec.resolution(), spec.inputChannels()));
        ZooModel model = SpecBuilder.build(spec, new ZooConfig(1.0, spec.resolution(), spec.classes(),
                spec.inputChannels(), seed));
        TorchNet net = TorchNet.lower(model, TrainingHints.NONE);
        ProxyBudget budget = new ProxyBudget(PROBE_STEPS, PROBE_BATCH, threads);
        Trainer trainer = new Trainer(budget.options(seed), progress, "timing training", e -> { });
        trainer.train(net, new StepBatches(data, PROBE_BATCH, WARM_UP_STEPS, seed), null, null);
        TrainingHistory h = trainer.train(net, new StepBatches(data, PROBE_BATCH, PROBE_STEPS, seed + 1), null, null);
        return h.last().seconds() / (PROBE_STEPS * PROBE_BATCH);
    }
}
