package dev.tinyforge.deploy;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.Emulator;
import dev.tinyforge.boards.FirmwareBuilder;
import dev.tinyforge.boards.FirmwareProject;
import dev.tinyforge.boards.Flasher;
import dev.tinyforge.boards.HarnessReport;
import dev.tinyforge.boards.QemuMachine;
import dev.tinyforge.boards.SerialHarness;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.PatchPlan;
import dev.tinyforge.runtime.InputCheck;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.TensorInfo;
import dev.tinyforge.util.Progress;
import dev.tinyforge.util.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs a model on a board: builds its firmware with the input embedded ({@link FirmwareJob}), runs it
 * on the board's QEMU stand-in (semihosting, {@code -icount} instruction counts) or on the board itself
 * (flashed, then the harness read over its serial port with a check that the board runs this very
 * firmware), and reads the harness's report. It is a {@link Runner}, so tests and the search run a
 * model on a board as on any backend; {@code tinyforge bench} is {@link #measure} and printing.
 */
public final class BoardRunner implements Runner {

    /**
     * Where and how to run.
     *
     * @param port the board's serial port, or {@code null} to run on the QEMU stand-in
     * @param flash whether to flash before reading the port (false: the board already runs the firmware)
     * @param baud the serial baud rate, or {@code null} for the board console's
     * @param runs timed runs of the harness
     * @param dir where to keep the firmware project, or {@code null} for a temporary directory
     */
    public record Options(String port, boolean flash, Flasher.Program flasher, Integer baud, Duration timeout, int runs,
            Path dir, Progress progress) {

        /** On the QEMU stand-in, two timed runs, a temporary project. */
        public static Options emulated() {
            return new Options(null, false, Flasher.Program.OPENOCD, null, Duration.ofSeconds(120), 2, null,
                    Progress.NONE);
        }

        public boolean onBoard() {
            return port != null;
        }
    }

    /**
     * What one run measured.
     *
     * @param ranOn the emulator command's machine, or the serial port
     * @param instructions instructions of the fastest run (emulated), or -1
     * @param cycles cycles of the fastest run (on the board), or -1
     * @param latencyMs the latency those imply at the board's clock, or {@code null} when nothing was counted
     * @param latencyBasis how the latency was estimated (or why there is none)
     */
    public record Measurement(HarnessReport report, FirmwareBuilder.Build build, String ranOn, long instructions,
            long cycles, Double latencyMs, String latencyBasis) {
    }

    private final String source;
    private final String provenance;
    private final Graph graph;
    private final BoardSpec board;
    private final PatchPlan patches;
    private final Options options;
    private final List<TensorInfo> inputs;
    private final List<TensorInfo> outputs;

    private BoardRunner(String source, String provenance, Graph graph, BoardSpec board, PatchPlan patches,
            Options options) {
        this.source = source;
        this.provenance = provenance;
        this.graph = graph;
        this.board = board;
        this.patches = patches;
        this.options = options;
        this.inputs = graph.inputs().stream().map(n -> info(graph.tensor(n))).toList();
        this.outputs = graph.outputs().stream().map(n -> info(graph.tensor(n))).toList();
    }

    /**
     * A runner of {@code g} on {@code board}.
     *
     * @param patches the patch plan (see {@link PatchPolicy}), or {@code null}
     * @throws IllegalArgumentException for a serial port on a Linux board
     */
    public static BoardRunner open(String source, String provenance, Graph g, BoardSpec board, PatchPlan patches,
            Options options) {
        if (options.onBoard() && board.isLinux()) {
            throw new IllegalArgumentException("board " + board.id() + " runs Linux: copy the executable `tinyforge "
                    + "build` makes to it and run it there; --port is for bare-metal boards");
        }
        return new BoardRunner(source, provenance, g, board, patches, options);
    }

    /** Builds the firmware for {@code inputs} (one per model input), runs it and reads the report. */
    public Measurement measure(List<byte[]> inputs) throws IOException {
        return measure(job(inputs));
    }

    /**
     * Builds a firmware that times every op (a second build: its counters and calls shift code, RAM and
     * the total a little, so {@link #measure} gives the figures of record), runs it and reads each op's time.
     */
    public LayerProfile profileLayers(List<byte[]> inputs) throws IOException {
        Measurement m = measure(job(inputs).withLayerProfile());
        double perTick = m.instructions() >= 0 ? QemuMachine.of(board).instructionsPerTick() : 1;
        boolean counted = m.instructions() >= 0;
        return LayerProfile.of(graph, patches, m.report().layerTicks(), perTick,
                counted ? "instructions" : m.cycles() >= 0 ? "cycles" : "ns",
                counted ? m.instructions() : m.cycles() >= 0 ? m.cycles() : -1);
    }

    private FirmwareJob job(List<byte[]> inputs) {
        return FirmwareJob.of(source, provenance, graph, board, patches, inputs, options.runs(),
                options.onBoard() ? FirmwareProject.Console.UART : FirmwareProject.Console.SEMIHOSTING);
    }

    private Measurement measure(FirmwareJob job) throws IOException {
        Path work = options.dir() != null ? options.dir() : Files.createTempDirectory("tinyforge-board");
        try {
            FirmwareBuilder.Build build = job.build(work, options.progress());
            return options.onBoard() ? onBoard(build, work) : emulated(build);
        } finally {
            if (options.dir() == null) {
                TempDirs.deleteTree(work);
            }
        }
    }

    private Measurement emulated(FirmwareBuilder.Build build) {
        Emulator.Run run = Emulator.run(board, build.qemuElf());
        long n = run.instructions();
        String where = board.isLinux() ? "qemu-aarch64 -cpu " + board.core() : "qemu-system-arm -M "
                + board.qemuMachine();
        return new Measurement(run.report(), build, where, n, -1, n >= 0 ? n * 1000.0 / board.clockHz() : null,
                n >= 0 ? "instructions at " + board.clockHz() / 1_000_000 + " MHz, one instruction per cycle (an "
                        + "estimate: instructions are not cycles)"
                        : "none: qemu-aarch64 user mode counts no instructions; run on the board for a latency");
    }

    /** Flashes (unless told not to) and reads the report, checking it comes from this firmware. */
    private Measurement onBoard(FirmwareBuilder.Build build, Path work) {
        String port = options.port();
        if (options.flash()) {
            options.progress().update("flashing " + board.id() + " with " + options.flasher().command(), 0, 1);
            Flasher.flash(board, work, options.flasher());
        }
        int rate = options.baud() != null ? options.baud() : board.console().baud();
        HarnessReport h = SerialHarness.read(port, rate, options.timeout(), options.runs(), options.progress());
        String expected = build.project().firmwareId();
        if (!expected.equals(h.firmwareId())) {
            throw new IllegalArgumentException("the board on " + port + " runs firmware " + h.firmwareId()
                    + " (model " + h.model() + "), not the one built for " + source + " with this input and these "
                    + "options (" + expected + "); " + (options.flash() ? "did flashing fail?"
                            : "drop --no-flash to flash it"));
        }
        long cycles = h.bestTicks();
        return new Measurement(h, build, "serial port " + port, -1, cycles, cycles * 1000.0 / board.clockHz(),
                "cycles (" + h.timer() + ") at " + board.clockHz() / 1_000_000 + " MHz; the firmware runs at the "
                        + "reset clock, so flash wait states at full clock may add some");
    }

    @Override
    public String backend() {
        return "board " + board.id() + (options.onBoard() ? " on " + options.port() : " (QEMU " + board.qemuMachine()
                + ")");
    }

    @Override
    public List<TensorInfo> inputs() {
        return inputs;
    }

    @Override
    public List<TensorInfo> outputs() {
        return outputs;
    }

    @Override
    public List<byte[]> run(List<byte[]> data) {
        InputCheck.require(source, inputs, data);
        try {
            return measure(data).report().outputs();
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": building or running the firmware for " + board.id()
                    + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // nothing held between runs: each run builds its firmware in its own directory
    }

    private static TensorInfo info(Tensor t) {
        return t.quant() == null ? new TensorInfo(t.name(), t.shape(), t.dtype(), 0f, 0)
                : new TensorInfo(t.name(), t.shape(), t.dtype(), t.quant().scale(), t.quant().zeroPoint());
    }
}
