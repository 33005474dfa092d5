package dev.tinyforge.deploy;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.FirmwareBuilder;
import dev.tinyforge.boards.FirmwareProject;
import dev.tinyforge.boards.FlashModel;
import dev.tinyforge.boards.ModelFit;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.plan.PatchPlan;
import dev.tinyforge.util.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One model built for one board: planned once for the board's target (with its patch stage, if any),
 * then checked and built. The fit comes first, so an over-budget model gets the plan's message and
 * never a linker overflow: SRAM before anything is compiled, flash on the compiled objects (linked
 * with room to spare), and only then the board's ELFs. What {@code build}, {@code bench}, the board
 * runner and the search share.
 *
 * @param source the model's file name, for messages and provenance
 * @param provenance the generated model header's provenance lines
 * @param inputs the bytes of every model input the harness embeds, or {@code null} when nothing will be built
 *     ({@code plan})
 * @param profileLayers whether the firmware times every op ({@link FirmwareProject.Options#profileLayers})
 */
public record FirmwareJob(String source, String provenance, ModelPlan plan, BoardSpec board, List<byte[]> inputs,
        int runs, FirmwareProject.Console console, boolean profileLayers) {

    /** The job of a graph on a board, planned once ({@code patches} may be {@code null}). */
    public static FirmwareJob of(String source, String provenance, Graph g, BoardSpec board, PatchPlan patches,
            List<byte[]> inputs, int runs, FirmwareProject.Console console) {
        return new FirmwareJob(source, provenance, ModelPlan.of(g, board.target(), patches), board, inputs, runs,
                console, false);
    }

    /** The same job with a firmware that times every op and reports it ({@code bench --layers}). */
    public FirmwareJob withLayerProfile() {
        return new FirmwareJob(source, provenance, plan, board, inputs, runs, console, true);
    }

    public Graph graph() {
        return plan.graph();
    }

    /** The fit with the code measured by a throwaway build of this job's firmware ({@code plan}). */
    public ModelFit fit() {
        return new ModelFit(board, plan, FlashModel.of(plan, board, console));
    }

    /** The sources. */
    public FirmwareProject project() {
        List<byte[]> bytes = inputs != null ? inputs
                : graph().inputs().stream().map(n -> new byte[(int) graph().tensor(n).sizeBytes()]).toList();
        return FirmwareProject.of(plan, board, bytes, new FirmwareProject.Options(runs, provenance, console,
                profileLayers));
    }

    /**
     * Writes and builds the project in {@code dir}, checking the fit on the way (see the class comment).
     *
     * @throws IllegalArgumentException with the plan's message when the model does not fit
     */
    public FirmwareBuilder.Build build(Path dir, Progress progress) throws IOException {
        FirmwareProject project = project();
        refuseUnlessFits(new ModelFit(board, plan, FlashModel.dataOnly(project.cSource(), "code not compiled yet")));
        FirmwareBuilder.Compiled compiled = FirmwareBuilder.compile(project, dir, progress);
        refuseUnlessFits(new ModelFit(board, plan, FlashModel.of(compiled)));
        return FirmwareBuilder.link(compiled);
    }

    private void refuseUnlessFits(ModelFit fit) {
        if (!fit.fits()) {
            throw new IllegalArgumentException(source + " " + String.join("\n", fit.problems()));
        }
    }

}
