package dev.tinyforge.cli;

import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.cgen.CProject;
import dev.tinyforge.cgen.CSource;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.plan.PatchPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tinyforge compile}: a {@code .tflite} model as a C project (model sources plus kernels),
 * optionally with the first layers run on patches ({@code --patches}, see {@link PatchOption}).
 */
@Command(name = "compile", description = "Generate C for a fully-int8 .tflite model: DIR/<prefix>.c/.h, include/, src/.")
final class CompileCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.tflite")
    Path file;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Project directory.")
    Path dir;

    @Option(names = "--prefix", description = "C symbol prefix (default: tfg_<graph name>).")
    String prefix;

    @Mixin
    PatchOption patches;

    @Mixin
    BoardOption board;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ModelFiles.checkOutputDirectory(dir);
        Graph g = ModelFiles.readModel(file);
        String p = prefix != null ? prefix : CEmitter.prefixFor(g.name());
        if (!p.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("--prefix '" + p + "' is not a C identifier");
        }
        StringBuilder provenance = new StringBuilder(ModelFiles.provenance(file, g));
        PatchPlan pp = patches.resolve(g, board.spec());
        if (pp != null) {
            provenance.append("\npatches: ").append(pp.describe());
        }
        CSource c = CEmitter.emit(ModelPlan.of(g, board.spec().target(), pp), p, provenance.toString());
        CProject.write(dir, CProject.files(List.of(c)));
        spec.commandLine().getOut().printf("wrote %s: %s, %s, kernels in include/ and src/; arena %s, entry point "
                + "int %s_invoke(const int8_t *input, int8_t *output)%s%n", dir, c.sourceFile(), c.headerFile(),
                Format.bytes(c.arenaBytes()), p, pp == null ? "" : "; " + pp.describe());
        return 0;
    }
}
