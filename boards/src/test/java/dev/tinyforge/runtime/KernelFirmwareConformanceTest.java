package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.boards.BatchFirmware;
import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Boards;
import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.OpRegistry;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.quant.Calibrator;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.quant.Range;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.TfliteWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernels as the Cortex-M7 stand-in (stm32f746g-disco on QEMU mps2-an500) and the Cortex-M0+ stand-in
 * (rpi-pico on QEMU mps2-an385, {@link #v6mFamilies}) run them, against
 * TFLite's built-in kernels, tolerance 0: for each family, {@link #CONFIGS} random configurations of
 * {@link OpSamples} (fewer with {@code -Dtinyforge.firmwareConfigs=N}) × {@link #INPUTS} inputs, all in
 * one firmware ({@link BatchFirmware}) run once. The models are planned for the board's target, so its
 * kernel variants (the M7's DSP paths, the M0+'s ARMv6-M paths) and their scratch run here;
 * {@link KernelConformanceTest} runs the same generators through the host's plain C. The ops with Helium (MVE)
 * paths run the same way on the Cortex-M55 stand-in (corstone-300 on QEMU mps3-an547), planned for the M55, so its
 * Helium kernels run.
 */
class KernelFirmwareConformanceTest {
    static final int CONFIGS = Integer.getInteger("tinyforge.firmwareConfigs", 1000);
    static final int INPUTS = 2;
    static final String BOARD = "stm32f746g-disco";
    static final String V6M_BOARD = "rpi-pico";

    /** The family of {@link OpSamples#randomDepthwise3x3}: every configuration 3×3, dilation 1, multiplier 1. */
    static final String DEPTHWISE_3X3 = "DEPTHWISE_CONV_2D@3x3";

    /**
     * The family of {@link OpSamples#randomDepthwise3x3Pair}: two 3×3 depthwise convolutions of one input,
     * so the out-of-place kernel's DSP path runs.
     */
    static final String DEPTHWISE_3X3_PAIR = "DEPTHWISE_CONV_2D@3x3-pair";

    /**
     * The family of {@link OpSamples#randomDepthwiseKxk}: k×k filters with k in 5..7, strides 1-2, one convolution
     * (in place) or two of one input (at least one out of place), so both k×k DSP paths run.
     */
    static final String DEPTHWISE_KXK = "DEPTHWISE_CONV_2D@kxk";

    /**
     * The families run on the board: the ops with DSP variants (and the two 3×3 depthwise families), PAD (half its
     * configurations are a PAD folded into a convolution's DSP path), or those of
     * {@code -Dtinyforge.firmwareFamilies=A,B}.
     */
    static List<String> families() {
        String only = System.getProperty("tinyforge.firmwareFamilies", "");
        return only.isBlank()
                ? List.of("CONV_2D", "DEPTHWISE_CONV_2D", DEPTHWISE_3X3, DEPTHWISE_3X3_PAIR, DEPTHWISE_KXK, "ADD",
                        "MEAN", "PAD", "FULLY_CONNECTED")
                : List.of(only.split(","));
    }

    /**
     * The families run on the Cortex-M0+ stand-in (rpi-pico on QEMU mps2-an385, ARMv6-M code), whose kernels take
     * their ARMv6-M paths: the ops that have one (DEPTHWISE_CONV_2D's family includes 3×3 filters of both kernels;
     * {@code DEPTHWISE_CONV_2D@3x3} on request), or those of {@code -Dtinyforge.v6mFamilies=A,B} ({@code -}: none).
     */
    static List<String> v6mFamilies() {
        String only = System.getProperty("tinyforge.v6mFamilies", "");
        return only.equals("-") ? List.of()
                : only.isBlank() ? List.of("CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "ADD")
                : List.of(only.split(","));
    }

    /** The Cortex-M55 stand-in (corstone-300 on QEMU mps3-an547), whose kernels take their Helium (MVE) paths. */
    static final String HELIUM_BOARD = "corstone-300";

    /**
     * The families run on the M55: the ops with Helium paths, or those of {@code -Dtinyforge.heliumFamilies=A,B}
     * (an empty value runs none).
     */
    static List<String> heliumFamilies() {
        String only = System.getProperty("tinyforge.heliumFamilies", "CONV_2D,DEPTHWISE_CONV_2D,ADD");
        return only.isBlank() ? List.of() : List.of(only.split(","));
    }

    @ParameterizedTest
    @MethodSource("families")
    void firmwareMatchesTfliteBitForBit(String family) throws Exception {
        matchesTflite(family, BOARD);
    }

    @ParameterizedTest
    @MethodSource("v6mFamilies")
    void cortexM0PlusFirmwareMatchesTfliteBitForBit(String family) throws Exception {
        matchesTflite(family, V6M_BOARD);
    }

    @ParameterizedTest
    @MethodSource("heliumFamilies")
    void heliumFirmwareMatchesTfliteBitForBit(String family) throws Exception {
        matchesTflite(family, HELIUM_BOARD);
    }

    private static void matchesTflite(String family, String boardId) throws Exception {
        boolean depthwise3x3 = family.equals(DEPTHWISE_3X3);
        boolean depthwisePair = family.equals(DEPTHWISE_3X3_PAIR);
        boolean depthwiseKxk = family.equals(DEPTHWISE_KXK);
        OpType kind = depthwise3x3 || depthwisePair || depthwiseKxk ? null
                : OpRegistry.byName(family).orElseThrow(() -> new IllegalArgumentException(
                "-Dtinyforge.firmwareFamilies: no op named " + family));
        SplittableRandom rnd = new SplittableRandom(family.hashCode() * 7_000_003L + 29);
        List<Graph> graphs = new ArrayList<>();
        List<BatchFirmware.Case> cases = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < CONFIGS; i++) {
            Graph g = depthwise3x3 ? OpSamples.randomDepthwise3x3(rnd, i)
                    : depthwisePair ? OpSamples.randomDepthwise3x3Pair(rnd, i)
                    : depthwiseKxk ? OpSamples.randomDepthwiseKxk(rnd, i) : OpSamples.random(kind, rnd, i);
            FloatExecutor exec = new FloatExecutor(g);
            float lo = (float) rnd.nextDouble(-4, 1);
            float hi = lo + (float) rnd.nextDouble(0.5, 6);
            Calibrator cal = new Calibrator();
            float[] first = null;
            for (int k = 0; k < 3; k++) {
                float[] x = new float[(int) g.input(0).elements()];
                for (int j = 0; j < x.length; j++) {
                    x[j] = (float) rnd.nextDouble(lo, hi);
                }
                cal.observe(exec.runAll(List.of(x)));
                first = first == null ? x : first;
            }
            Map<String, Range> ranges = new LinkedHashMap<>(cal.ranges());
            if ((depthwise3x3 || depthwisePair || depthwiseKxk || family.equals("ADD")) && rnd.nextInt(4) == 0) {
                // an output range wider than the activation's (as a foreign model may have), so that act_min or
                // act_max lies inside int8 and the DSP paths' clamp, not only their SSAT, runs
                ranges.put("y", ranges.get("y").union(new Range(-8f, 8f)));
            }
            Graph q = QuantizePass.quantize(g, ranges, QuantizeOptions.defaults()
                    .withPerChannelFullyConnected(rnd.nextBoolean()));
            graphs.add(q);
            try (Runner ref = new TfliteRunner(TfliteWriter.write(q), family + " #" + i, RunnerOptions.reference())) {
                for (int k = 0; k < INPUTS; k++) {
                    byte[] x = new byte[(int) q.input(0).sizeBytes()];
                    if (k == 0) {
                        x = ModelIo.encode(first, q.input(0));
                    } else {
                        rnd.nextBytes(x);
                    }
                    cases.add(new BatchFirmware.Case(i, x, ref.run(x)));
                    labels.add(family + " config " + i + " input " + k + ": " + describe(q));
                }
            }
        }
        long t1 = System.nanoTime();
        BoardSpec board = Boards.get(boardId);
        Path dir = Files.createTempDirectory("tfg-batch-" + family.toLowerCase().replace('@', '-') + "-");
        BatchFirmware.Result r = runInParts(graphs, cases, board, dir);
        System.out.printf("%s on %s: %d configurations x %d inputs, models and TFLite %.1f s, build %.1f s, "
                + "QEMU %.1f s, %,d instructions in the kernels' runs%n", family, boardId, CONFIGS, INPUTS,
                (t1 - t0) / 1e9, r.buildSeconds(), r.runSeconds(), r.instructions());
        if (!r.differences().isEmpty()) {
            StringBuilder sb = new StringBuilder(r.differences().size() + " of " + r.cases() + " cases differ on "
                    + boardId + " (firmware in " + dir + "):");
            r.differences().stream().limit(5).forEach(d -> sb.append("\n  ").append(d.bytes()).append(" of ")
                    .append(d.actual().length).append(" bytes differ in ").append(labels.get(d.caseIndex())));
            throw new AssertionError(sb.toString());
        }
        assertEquals(List.of(), r.scratchMismatches(), "planned scratch against the kernel's _get_buffer_size on "
                + boardId);
        assertEquals(cases.size(), r.cases());
        long expectedBytes = cases.stream().mapToLong(c -> c.expected().length).sum();
        assertEquals(expectedBytes, r.bytesCompared());
        assertTrue(r.instructions() > 0, "the SysTick instruction count");
        if (depthwisePair) {
            // each configuration has two depthwise layers, and only a layer run in place has scratch
            assertTrue(r.scratchChecked() <= CONFIGS, "at least one out-of-place depthwise layer per configuration, "
                    + r.scratchChecked() + " of " + 2 * CONFIGS + " layers have scratch");
        }
        if (depthwiseKxk) {
            // only a layer run in place has scratch: both k x k paths must have run, each in many configurations
            long layers = graphs.stream().flatMap(g -> g.ops().stream())
                    .filter(o -> o.kind() == dev.tinyforge.ops.DepthwiseConv2d.OP).count();
            assertTrue(r.scratchChecked() >= CONFIGS / 4 && layers - r.scratchChecked() >= CONFIGS / 4,
                    r.scratchChecked() + " of " + layers + " k x k layers in place, expected both kinds");
        }
        System.out.printf("%s on %s: %d cases, %d output bytes, 0 differ; %d layers' scratch as planned%n", family,
                boardId, r.cases(), r.bytesCompared(), r.scratchChecked());
        deleteTree(dir);
    }

    /** Configurations per firmware on a board with less than 1 MB of flash (the Corstone-300's 512 KB). */
    static final int SMALL_FLASH_CONFIGS = 250;

    /**
     * The batch in one firmware, or on a board with less than 1 MB of flash in firmwares of
     * {@link #SMALL_FLASH_CONFIGS} configurations each (1000 configurations' weights and expected outputs do not
     * fit 512 KB), their results joined as one (case indices, counts, times and instructions summed).
     */
    private static BatchFirmware.Result runInParts(List<Graph> graphs, List<BatchFirmware.Case> cases, BoardSpec board,
            Path dir) throws java.io.IOException {
        if (board.flashBytes() >= (1L << 20) || graphs.size() <= SMALL_FLASH_CONFIGS) {
            return BatchFirmware.run(graphs, cases, board, dir);
        }
        List<BatchFirmware.Difference> differences = new ArrayList<>();
        List<String> scratch = new ArrayList<>();
        long[] caseInstructions = new long[cases.size()];
        long bytes = 0;
        long instructions = 0;
        double build = 0;
        double run = 0;
        int count = 0;
        int checked = 0;
        for (int first = 0; first < graphs.size(); first += SMALL_FLASH_CONFIGS) {
            int end = Math.min(graphs.size(), first + SMALL_FLASH_CONFIGS);
            List<Integer> index = new ArrayList<>();
            List<BatchFirmware.Case> part = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                BatchFirmware.Case c = cases.get(i);
                if (c.model() >= first && c.model() < end) {
                    index.add(i);
                    part.add(new BatchFirmware.Case(c.model() - first, c.input(), c.expected()));
                }
            }
            BatchFirmware.Result r = BatchFirmware.run(graphs.subList(first, end), part, board,
                    dir.resolve("part" + first / SMALL_FLASH_CONFIGS));
            for (BatchFirmware.Difference d : r.differences()) {
                differences.add(new BatchFirmware.Difference(index.get(d.caseIndex()), d.bytes(), d.actual()));
            }
            for (int j = 0; j < index.size(); j++) {
                caseInstructions[index.get(j)] = r.caseInstructions()[j];
            }
            scratch.addAll(r.scratchMismatches());
            bytes += r.bytesCompared();
            instructions += r.instructions();
            build += r.buildSeconds();
            run += r.runSeconds();
            count += r.cases();
            checked += r.scratchChecked();
        }
        return new BatchFirmware.Result(count, bytes, differences, instructions, "(" + graphs.size()
                + " configurations in parts under " + dir + ")", build, run, checked, scratch, caseInstructions);
    }

    private static String describe(Graph g) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : g.tensors()) {
            sb.append(t).append("; ");
        }
        return sb + " ops " + g.ops();
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
