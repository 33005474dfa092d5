package dev.tinyforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.search.Candidate;
import dev.tinyforge.search.Durations;
import dev.tinyforge.search.FinalModel;
import dev.tinyforge.search.Stage2Result;
import dev.tinyforge.search.TrainingSpeed;
import dev.tinyforge.train.TrainPipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The end of {@code tinyforge search}: the winner trained on the whole training split, quantized on
 * training images, its float and int8 test accuracy measured, its firmware built and run on the board's
 * QEMU stand-in with the output bytes checked against TFLite. It runs the {@code train} and
 * {@code bench} commands a user would, so DIR holds the files they write ({@code model.tflite},
 * {@code model.json}, the learning curves, {@code firmware/}).
 *
 * <p>With a time budget the number of epochs is what the budget has left after stage 2, at the speed
 * the winner's own proxy training measured (images per second), less a reserve for quantization, test
 * evaluation and the firmware run; when not even one epoch fits, one epoch on the sample of training
 * images that fits. The plan is written to {@code DIR/final-plan.json} before training starts, so a
 * rerun after an interruption resumes the same training from its checkpoint.
 */
final class WinnerTraining {
    /** Epochs of the final training without a time budget: the recipe of docs/training.md. */
    static final int DEFAULT_EPOCHS = 30;
    /**
     * Seconds kept for what follows the training whatever the network: JVM starts, export, the firmware
     * build and its QEMU run.
     */
    static final double FIXED_RESERVE_SECONDS = 60;
    /**
     * Seconds of test evaluation (float through PyTorch, int8 through TFLite) per test image, per second
     * a training step takes per image: measured 0.5 + 0.27 on a 25 M-MAC network at 208×208 (float 30 ms,
     * int8 17 ms an image, against 62 ms of training), rounded up. A fixed 150 s reserve was too little
     * for that network (its evaluation took 8 minutes) and most of a 15-minute budget's share for a small one.
     */
    static final double EVAL_FACTOR = 0.8;
    /**
     * Seconds of a final-training epoch per second of proxy training on as many images: the proxy's
     * speed (small batches, no augmentation) is about the full training's; the rest is the validation
     * pass and margin.
     */
    static final double EPOCH_FACTOR = 1.3;
    /**
     * Epochs a time-budgeted search wants at least for its winner; stage 1 keeps only networks that
     * train this many epochs in the winner's share of the budget. A floor, not a recipe: MobileNetV2
     * 0.35 at 56×56 on Fashion-MNIST validates at 88.2% after 5 of its 30 epochs (docs/training.md), so
     * a network that cannot get 5 epochs in the budget is mostly untrained; how to trade epochs against
     * MACs inside a budget is not measured yet.
     */
    static final int MIN_EPOCHS = 5;
    /** Fewer training images than this is not a training worth reporting. */
    static final int MIN_IMAGES = 1000;

    /** How the winner is trained: epochs, and a sample size when the budget left less than one epoch. */
    record Plan(int epochs, Integer limit) {
        String toJson() {
            return "{\"epochs\": " + epochs + ", \"limit\": " + (limit == null ? "null" : limit) + "}\n";
        }

        static Plan read(Path file) throws IOException {
            JsonNode n = new ObjectMapper().readTree(Files.readString(file));
            return new Plan(n.get("epochs").asInt(), n.hasNonNull("limit") ? n.get("limit").asInt() : null);
        }
    }

    private WinnerTraining() {
    }

    /**
     * The plan for {@code --final-epochs auto|N}.
     *
     * @param budgetSeconds the whole command's time budget (infinite without one)
     * @param spentSeconds the time spent so far: stage 2 (earlier runs on DIR included) and what came before it
     * @param r stage 2's result
     * @param trainImages images of the training split, or of the sample {@code limit} (validation held out)
     * @param limit the training sample of {@code --final-limit}, or null for the whole training set
     * @param testImages images of the test split the trained model is evaluated on
     * @throws IllegalArgumentException in one line when the budget leaves too little to train on
     */
    static Plan plan(String finalEpochs, double budgetSeconds, double spentSeconds, Stage2Result r,
            int proxyImagesPerCandidate, int trainImages, Integer limit, int testImages) {
        if (!"auto".equals(finalEpochs)) {
            return new Plan(epochs(finalEpochs), limit);
        }
        if (Double.isInfinite(budgetSeconds)) {
            return new Plan(DEFAULT_EPOCHS, limit);
        }
        double perImage = secondsPerImage(r, proxyImagesPerCandidate) * EPOCH_FACTOR;
        if (perImage <= 0) {
            return new Plan(1, limit); // every candidate replayed from a log that keeps no times: the least
        }
        double reserve = reserveSeconds(perImage / EPOCH_FACTOR, testImages);
        double left = budgetSeconds - spentSeconds - reserve;
        int epochs = (int) Math.floor(left / (perImage * trainImages));
        if (epochs >= 1) {
            return new Plan(Math.min(epochs, 200), limit);
        }
        int images = (int) Math.floor(Math.max(0, left) / perImage);
        int sample = (int) Math.ceil(images / (1 - TrainPipeline.VALIDATION));
        if (images < MIN_IMAGES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "time budget %s: the search used %s, which leaves"
                    + " %.0f s for the winner's training after %.0f s for quantization, evaluation and the firmware run;"
                    + " %d images of training is too little; give a longer --time-budget, a larger --train-share, or"
                    + " --final-epochs 0 to stop after the search", Durations.format(budgetSeconds),
                    Durations.format(spentSeconds), Math.max(0, left), reserve, images));
        }
        return new Plan(1, sample);
    }

    /**
     * The most MACs a network may have so that {@link #MIN_EPOCHS} epochs of {@code trainImages} fit in
     * the winner's share of the budget at {@code speed}, its evaluation's reserve included: with a training
     * cost of p seconds an image, share − fixed reserve = p × (epochs × images × epoch factor + eval
     * factor × test images).
     *
     * @throws IllegalArgumentException in one line when not even a network without MACs would
     */
    static long macsCap(TrainingSpeed speed, double budgetSeconds, double share, int trainImages, int testImages) {
        double seconds = budgetSeconds * share - FIXED_RESERVE_SECONDS;
        double perImage = seconds / ((double) MIN_EPOCHS * trainImages * EPOCH_FACTOR + EVAL_FACTOR * testImages);
        long cap = seconds <= 0 ? 0 : speed.macsAt(perImage);
        if (cap <= 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "time budget %s: the winner's share (%.0f s,"
                    + " less %.0f s for quantization, test evaluation and the firmware) cannot train %d epochs of %d images at this"
                    + " machine's speed (%s); give a longer --time-budget, or --width, --resolution and --final-epochs",
                    Durations.format(budgetSeconds), budgetSeconds * share,
                    seconds <= 0 ? FIXED_RESERVE_SECONDS : reserveSeconds(perImage, testImages), MIN_EPOCHS, trainImages,
                    speed.basis()));
        }
        return cap;
    }

    /**
     * Seconds kept after the winner's training: the fixed part and the test evaluation at a training cost
     * of {@code trainSecondsPerImage}.
     */
    static double reserveSeconds(double trainSecondsPerImage, int testImages) {
        return FIXED_RESERVE_SECONDS + EVAL_FACTOR * trainSecondsPerImage * testImages;
    }

    /** The images a training on {@code sample} images trains on: the rest is held out for validation, as train does. */
    static int trainImagesOf(int sample) {
        return sample - (int) Math.round(TrainPipeline.VALIDATION * sample);
    }

    /** The winner's training images: all of the dataset's training split, or the {@code --final-limit} sample. */
    static int trainImages(Integer finalLimit, int trainingSplit) {
        return trainImagesOf(finalLimit == null ? trainingSplit : Math.min(finalLimit, trainingSplit));
    }

    /** {@code --final-epochs}: auto, or a count (0 for no final training). */
    static int epochs(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--final-epochs '" + text + "': expected auto or a number of epochs from 0"
                + " to 10000 (0: no final training)");
    }

    /**
     * Proxy-training seconds per image of the winner; for a winner replayed from an earlier run's log
     * (whose time is not kept), the candidates trained in this run scaled by MACs; 0 when none was.
     */
    static double secondsPerImage(Stage2Result r, int proxyImagesPerCandidate) {
        Candidate w = r.winner();
        if (w.metrics().seconds() > 0) {
            return w.metrics().seconds() / proxyImagesPerCandidate;
        }
        double seconds = 0;
        double macImages = 0;
        for (Candidate c : r.history()) {
            if (c.metrics().trained() && c.metrics().seconds() > 0) {
                seconds += c.metrics().seconds();
                macImages += (double) c.metrics().macs() * proxyImagesPerCandidate;
            }
        }
        return macImages == 0 ? 0 : seconds / macImages * w.metrics().macs();
    }

    /**
     * Trains the winner ({@code DIR/winner.json}) by {@code plan}, runs its firmware, and returns the
     * figures for result.json. A rerun on the same DIR continues an interrupted training, or only reruns
     * the firmware when the training had finished.
     *
     * @param trainImages images of the training split or of the {@code --final-limit} sample (validation held out)
     */
    static FinalModel run(Plan plan, BoardSpec board, SearchCommand c, CommandSteps steps, int threads, int trainImages)
            throws IOException {
        Path dir = c.output;
        Path model = dir.resolve("model.tflite");
        Path summary = dir.resolve("model.json");
        Path checkpoint = dir.resolve("model.ckpt");
        Path planFile = dir.resolve("final-plan.json");
        if (Files.isRegularFile(checkpoint) && Files.isRegularFile(planFile)) {
            plan = Plan.read(planFile);
        }
        if (!Files.isRegularFile(summary) || Files.isRegularFile(checkpoint)) {
            Files.writeString(planFile, plan.toJson(), StandardCharsets.UTF_8);
            List<String> train = new ArrayList<>(List.of("train", dir.resolve("winner.json").toString(), "--dataset",
                    c.dataset, "--epochs", Integer.toString(plan.epochs()), "--batch", "128", "--lr", "0.1", "--warmup",
                    plan.epochs() >= 5 ? "1" : "0", "--seed", Long.toString(c.seed), "--threads",
                    Integer.toString(threads)));
            if (plan.limit() != null) {
                train.addAll(List.of("--limit", plan.limit().toString()));
            }
            if (c.flip) {
                train.add("--flip");
            }
            if (Files.isRegularFile(checkpoint)) {
                train.add("--resume");
            }
            train.addAll(List.of("-o", model.toString()));
            steps.run(train.toArray(String[]::new));
        }
        JsonNode trained = new ObjectMapper().readTree(Files.readString(summary));
        JsonNode ran = new ObjectMapper().readTree(steps.run("bench", model.toString(), "--board", board.id(),
                "--emulate", "--json", "--dir", dir.resolve("firmware").toString()));
        int images = plan.limit() == null ? trainImages
                : Math.min(trainImages, trainImagesOf(plan.limit()));
        return new FinalModel(trained.path("options").path("epochs").asInt(), images,
                trained.get("float_test_accuracy").asDouble(), trained.get("int8_test_accuracy").asDouble(),
                trained.get("int8_float_agreement").asDouble(), trained.get("seconds").asDouble(),
                ran.path("ram_bytes").asLong(ran.path("executable_bytes").asLong()), ran.get("arena_bytes").asLong(),
                ran.path("flash_bytes").asLong(ran.path("executable_bytes").asLong()),
                ran.hasNonNull("latency_ms") ? ran.get("latency_ms").asDouble() : null,
                ran.path("latency_basis").asText(), ran.get("matches_tflite").asBoolean());
    }
}
