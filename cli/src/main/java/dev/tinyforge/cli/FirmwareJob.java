package dev.tinyforge.cli;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.FirmwareBuilder;
import dev.tinyforge.boards.FirmwareProject;
import dev.tinyforge.boards.ModelFit;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.util.Progress;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What {@code build} and {@code bench} share: the fit check first (so an over-budget model gets the
 * plan's message, never a linker overflow), the input (a file or seeded random), the project and
 * its build.
 */
final class FirmwareJob {
    private FirmwareJob() {
    }

    /** The bytes the harness embeds: {@code --input} or the seeded random input {@code run} would use. */
    static byte[] input(Graph g, Path inputFile, long seed) throws IOException {
        Tensor in = g.input(0);
        return ModelFiles.input(inputFile, in.name(), in.shape(), in.dtype(), seed);
    }

    static FirmwareBuilder.Build build(Path file, Graph g, BoardSpec board, byte[] input, int runs, Path dir,
            Progress progress) throws IOException {
        ModelFit fit = ModelFit.of(g, board);
        if (!fit.fits()) {
            throw new IllegalArgumentException(file + " " + String.join("\n", fit.problems()));
        }
        FirmwareProject project = FirmwareProject.of(g, board, input, runs, ModelFiles.provenance(file, g));
        return FirmwareBuilder.build(project, dir, progress);
    }
}
