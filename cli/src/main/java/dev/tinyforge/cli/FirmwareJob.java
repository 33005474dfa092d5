package dev.tinyforge.cli;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.FirmwareBuilder;
import dev.tinyforge.boards.FirmwareProject;
import dev.tinyforge.boards.FlashModel;
import dev.tinyforge.boards.ModelFit;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.PatchPlan;
import dev.tinyforge.util.Progress;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What {@code build} and {@code bench} share: the fit check first (so an over-budget model gets the
 * plan's message, never a linker overflow), the input (a file or seeded random), the project and
 * its build.
 *
 * @param patches patch-based inference of the first ops ({@code --patches}), or {@code null}
 */
record FirmwareJob(Path file, Graph graph, BoardSpec board, byte[] input, int runs,
        FirmwareProject.Console console, PatchPlan patches) {

    /** The bytes the harness embeds: {@code --input} or the seeded random input {@code run} would use. */
    static byte[] input(Graph g, Path inputFile, long seed) throws IOException {
        Tensor in = g.input(0);
        return ModelFiles.input(inputFile, in.name(), in.shape(), in.dtype(), seed);
    }

    /** The fit of what this job builds: its console's code, and the patched arena when there are patches. */
    ModelFit fit() {
        return fit(FlashModel.of(graph, board, console, patches));
    }

    private ModelFit fit(FlashModel flash) {
        return patches == null ? ModelFit.of(graph, board, flash) : PatchOption.fit(graph, board, flash, patches);
    }

    /** The sources. */
    private FirmwareProject project() {
        return FirmwareProject.of(graph, board, input,
                new FirmwareProject.Options(runs, ModelFiles.provenance(file, graph), console, patches));
    }

    /**
     * Writes and builds the project in {@code dir}, checking the fit on the way: SRAM before anything
     * is compiled, flash on the compiled objects (linked with room to spare), and only then the
     * board's ELFs, so an over-budget model gets the plan's message and never a linker overflow.
     */
    FirmwareBuilder.Build build(Path dir, Progress progress) throws IOException {
        refuseUnlessFits(fit(FlashModel.dataOnly(graph, "code not compiled yet")));
        FirmwareBuilder.Compiled compiled = FirmwareBuilder.compile(project(), dir, progress);
        refuseUnlessFits(fit(FlashModel.of(graph, compiled)));
        return FirmwareBuilder.link(compiled);
    }

    private void refuseUnlessFits(ModelFit fit) {
        if (!fit.fits()) {
            throw new IllegalArgumentException(file + " " + String.join("\n", fit.problems()));
        }
    }
}
