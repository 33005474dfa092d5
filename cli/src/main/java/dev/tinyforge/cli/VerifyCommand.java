package dev.tinyforge.cli;

import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.Runners;
import dev.tinyforge.runtime.TensorInfo;
import java.io.IOException;
import java.io.PrintWriter;
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
 * {@code tinyforge verify}: the generated C (native backend) against TFLite's built-in kernels on
 * seeded random inputs (every model input), comparing every output; exits 1 when any byte differs.
 */
@Command(name = "verify", description = "Compare the native backend with TFLite on N seeded inputs; non-zero exit on any difference.")
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.tflite")
    Path file;

    @Option(names = "--inputs", defaultValue = "10", description = "Number of inputs (default: ${DEFAULT-VALUE}).")
    int inputs;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the inputs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (inputs < 1) {
            throw new IllegalArgumentException("--inputs must be at least 1, got " + inputs);
        }
        byte[] model = ModelFiles.read(file);
        model = ModelFiles.forTflite(model, dev.tinyforge.tflite.TfliteReader.read(model, file.toString()), file,
                spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        long differing = 0;
        long total = 0;
        try (Runner ref = Runners.open("tflite", model, file.toString(), RunnerOptions.reference());
                Runner nat = Runners.open("native", model, file.toString(), RunnerOptions.reference())) {
            for (int i = 0; i < inputs; i++) {
                List<byte[]> x = new java.util.ArrayList<>();
                for (int j = 0; j < ref.inputs().size(); j++) {
                    TensorInfo in = ref.inputs().get(j);
                    x.add(ModelFiles.input(null, in.name(), in.shape(), in.dtype(), seed + i + 7919L * j));
                }
                List<byte[]> a = ref.run(x);
                List<byte[]> b = nat.run(x);
                for (int o = 0; o < a.size(); o++) {
                    int diff = 0;
                    for (int k = 0; k < a.get(o).length; k++) {
                        diff += a.get(o)[k] != b.get(o)[k] ? 1 : 0;
                    }
                    if (diff > 0) {
                        out.printf("input %d (seed %d): output %d '%s': %d of %d bytes differ%n", i, seed + i, o,
                                ref.outputs().get(o).name(), diff, a.get(o).length);
                    }
                    differing += diff;
                    total += a.get(o).length;
                }
            }
        }
        out.printf("%s: %d inputs, %d output bytes compared, %d differ (native vs TFLite built-in kernels)%n",
                file, inputs, total, differing);
        return differing == 0 ? 0 : 1;
    }
}
