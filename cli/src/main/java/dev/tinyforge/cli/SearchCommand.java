package dev.tinyforge.cli;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.search.FitBudget;
import dev.tinyforge.search.SearchSpace;
import dev.tinyforge.search.Stage1;
import dev.tinyforge.search.Stage1Config;
import dev.tinyforge.search.Stage1Result;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tinyforge search}: architecture search for a board. {@code --stage1} runs MCUNet's
 * search-space optimization over widths × resolutions alone; without it, stage 1 picks the cell (or
 * {@code --width} and {@code --resolution} give it) and stage 2 searches in it: candidates trained
 * briefly on the dataset, random search or regularized evolution, a log that a rerun resumes.
 */
@Command(name = "search", description = {
    "Architecture search for a board. --stage1: MCUNet's search-space optimization: over 10 widths x 12 resolutions,"
        + " draw sub-networks, keep those whose planned SRAM and flash fit the board, and pick the cell whose"
        + " fitting models have the highest mean MACs. Writes DIR/stage1.json and DIR/stage1-cdf.png.",
    "Without --stage1: stage 1, then stage 2 in the chosen cell: candidates that fit the board are trained for"
        + " --proxy-steps on a subset of the dataset and ranked by validation accuracy (random search or regularized"
        + " evolution). Writes DIR/history.jsonl (rerun on the same DIR to resume), DIR/winner.json, DIR/result.json."})
final class SearchCommand implements Callable<Integer> {
    @Mixin
    BoardOption board;

    @Option(names = "--stage1", description = "Run stage 1 (search-space optimization) only.")
    boolean stage1;

    @Option(names = "--dataset", defaultValue = "fashion-mnist", paramLabel = "D",
            description = "Stage 2's data: fashion-mnist, idx:DIR or images:DIR (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--strategy", defaultValue = "evolution", paramLabel = "S",
            description = "Stage 2's strategy: evolution (regularized evolution) or random (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--evaluations", defaultValue = "100", paramLabel = "N",
            description = "Candidates to train in stage 2, earlier runs on DIR included (default: ${DEFAULT-VALUE}).")
    int evaluations;

    @Option(names = "--time-budget", paramLabel = "T",
            description = "Start no candidate after this much time, earlier runs on DIR included (e.g. 15m, 1h30m).")
    String timeBudget;

    @Option(names = "--proxy-steps", defaultValue = "300", paramLabel = "N",
            description = "Training steps per candidate (default: ${DEFAULT-VALUE}).")
    int proxySteps;

    @Option(names = "--proxy-batch", defaultValue = "32", paramLabel = "N",
            description = "Images per proxy step (default: ${DEFAULT-VALUE}).")
    int proxyBatch;

    @Option(names = "--proxy-images", defaultValue = "5000", paramLabel = "N",
            description = "Training images of the proxy subset, a fifth of them for validation (default: ${DEFAULT-VALUE}).")
    int proxyImages;

    @Option(names = "--population", defaultValue = "20", paramLabel = "P",
            description = "Regularized evolution's population (default: ${DEFAULT-VALUE}).")
    int population;

    @Option(names = "--tournament", defaultValue = "5", paramLabel = "S",
            description = "Regularized evolution's sample size, the tournament (default: ${DEFAULT-VALUE}).")
    int tournament;

    @Option(names = "--width", paramLabel = "W",
            description = "Stage 2 around this width multiplier instead of stage 1's choice (needs --resolution).")
    Double width;

    @Option(names = "--resolution", paramLabel = "R",
            description = "Stage 2 around this input resolution instead of stage 1's choice (needs --width).")
    Integer resolution;

    @Option(names = "--latency-ms", paramLabel = "T",
            description = "Latency target in ms: candidates are ranked by MnasNet's objective ACC·(LAT/T)^-0.07 with the board's latency model (bench/latency-model; stm32f746g-disco has one).")
    Double latencyMs;

    @Option(names = "--space", paramLabel = "S", defaultValue = "ofa-mbv2",
            description = "Search space: ofa-mbv2 (MCUNet / once-for-all MobileNetV2), mnasnet, or cnn (shallow plain CNN"
                    + " for small images, its own grid; for short time budgets) (default: ${DEFAULT-VALUE}).")
    String space;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1000",
            description = "Sub-networks drawn per cell (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--classes", paramLabel = "N", defaultValue = "10",
            description = "Classes of the sub-networks' classifier (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--input-channels", paramLabel = "C", defaultValue = "3",
            description = "Channels of the input image (default: ${DEFAULT-VALUE}; 1 for Fashion-MNIST).")
    int inputChannels;

    @Option(names = "--sram", paramLabel = "BYTES",
            description = "Use this much SRAM instead of the board's (e.g. 64K, 262144).")
    String sram;

    @Option(names = "--final-epochs", paramLabel = "auto|N", defaultValue = "auto",
            description = "Epochs of the winner's full training after stage 2 (then int8 quantization, test accuracy,"
                    + " firmware run under QEMU): auto fits them in what --time-budget leaves, or "
                    + WinnerTraining.DEFAULT_EPOCHS + " without a budget; 0 stops after the search (default: ${DEFAULT-VALUE}).")
    String finalEpochs;

    @Option(names = "--final-limit", paramLabel = "N",
            description = "Train the winner on a seeded sample of N training images instead of all of them.")
    Integer finalLimit;

    @Option(names = "--train-share", paramLabel = "F", defaultValue = "0.5",
            description = "With --time-budget and --final-epochs auto: the share of the budget kept for the winner's"
                    + " training; stage 2 gets the rest (default: ${DEFAULT-VALUE}).")
    double trainShare;

    @Option(names = "--flip", description = "Random horizontal flips in the winner's training (where a mirror image is"
            + " the same class, as in Fashion-MNIST).")
    boolean flip;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: the machine's cores).")
    Integer threads;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "Output directory.")
    Path output;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!stage1) {
            return new Stage2Run(this, out, spec.commandLine().getErr()).call();
        }
        BoardSpec b = withSram(board.spec());
        SearchSpace s = SearchSpace.get(space);
        Stage1Config config = Stage1Config.overGrid(s, samples, seed, classes, inputChannels);
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1 || t > 256) {
            throw new IllegalArgumentException("--threads " + t + " is out of range; use 1 to 256");
        }
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        Stage1Result result = Stage1.run(config, FitBudget.of(b), t);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (cpuNanos() - cpuStart) / 1e9;
        result.writeTo(output);
        out.printf(Locale.ROOT, "stage 1 on %s (%s): %s space, %d x %d cells, %d sub-networks each, seed %d,"
                + " %d classes, %d input channels%n", b.id(), sramNote(b), s.name(), config.widths().length,
                config.resolutions().length, samples, seed, classes, inputChannels);
        out.print(result.table());
        out.printf(Locale.ROOT, "%d sub-networks in %.1f s on %d threads (%.1f s of CPU)%n",
                (long) samples * config.widths().length * config.resolutions().length, seconds, t, cpu);
        out.println("wrote " + output.resolve(Stage1Result.JSON_FILE) + " and " + output.resolve(Stage1Result.CHART_FILE));
        return 0;
    }

    /** CPU time of the whole process (all threads), so the timing means something on a busy machine. */
    static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : 0;
    }

    static String sramNote(BoardSpec b) {
        return b.sramBytes() + " B SRAM, " + (b.hasFlashLimit() ? b.flashBytes() + " B flash" : "no flash limit");
    }

    /** The board, with the SRAM of {@code --sram} when given. */
    BoardSpec withSram(BoardSpec b) {
        if (sram == null) {
            return b;
        }
        long bytes = parseBytes(sram);
        return new BoardSpec(b.id(), b.name(), b.mcu(), b.core(), b.arch(), b.fpu(), b.clockHz(), bytes, b.flashBytes(),
                b.regions(), b.qemuMachine(), b.qemuCpu(), b.openocd(), b.os(), b.notes(), b.console());
    }

    static long parseBytes(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = t.endsWith("K") ? 1024 : t.endsWith("M") ? 1024 * 1024 : 1;
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long v = Long.parseLong(digits) * unit;
            if (v > 0 && v <= (1L << 40)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--sram '" + text + "': expected a positive number of bytes, optionally"
                + " with K or M (e.g. 64K)");
    }
}
