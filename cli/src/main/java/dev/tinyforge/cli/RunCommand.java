package dev.tinyforge.cli;

import dev.tinyforge.ir.DType;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.Runners;
import dev.tinyforge.runtime.TensorInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tinyforge run}: one inference, raw bytes in and out. {@code --input} once per model input, in
 * the model's order (inputs not given are seeded random: uniform int8, or uniform [-1, 1] for float);
 * {@code -o} once per model output in order, or once with a directory that receives
 * {@code output_<i>.bin} for every output. Without {@code -o} the values are printed, one line per output.
 */
@Command(name = "run", description = "Run a .tflite model once on raw input bytes (or a seeded random input).")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.tflite")
    Path file;

    @Option(names = "--backend", defaultValue = "tflite", description = "Backend (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--xnnpack", description = "Let the TFLite backend use XNNPACK (not bit-exact; for speed comparisons).")
    boolean xnnpack;

    @Option(names = "--input", paramLabel = "IN.bin", description = "Raw bytes of an input; repeat it for a model with "
            + "several inputs, in the model's order (missing ones are seeded random).")
    List<Path> input = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random input (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.bin|DIR", description = "Write the raw bytes of an output here; "
            + "repeat it for several outputs in the model's order, or give one directory for output_<i>.bin of every "
            + "output (default: print them).")
    List<Path> output = new ArrayList<>();

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        byte[] model = ModelFiles.read(file);
        // Parse with our reader first: bad files get TinyForge's message, not TFLite's.
        model = ModelFiles.forTflite(model, dev.tinyforge.tflite.TfliteReader.read(model, file.toString()), file,
                spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        try (Runner runner = Runners.open(backend, model, file.toString(), new RunnerOptions(1, xnnpack))) {
            List<TensorInfo> ins = runner.inputs();
            List<TensorInfo> outs = runner.outputs();
            if (input.size() > ins.size()) {
                throw new IllegalArgumentException(input.size() + " --input files for a model with " + ins.size()
                        + " input" + (ins.size() == 1 ? "" : "s"));
            }
            List<Path> targets = ModelFiles.outputFiles(output, outs.size());
            List<byte[]> inputs = new ArrayList<>();
            for (int i = 0; i < ins.size(); i++) {
                TensorInfo info = ins.get(i);
                inputs.add(ModelFiles.input(i < input.size() ? input.get(i) : null, info.name(), info.shape(),
                        info.dtype(), seed + i));
            }
            List<byte[]> results = runner.run(inputs);
            for (int o = 0; o < outs.size(); o++) {
                TensorInfo info = outs.get(o);
                byte[] result = results.get(o);
                if (targets != null) {
                    ModelFiles.write(targets.get(o), result);
                    out.printf("output %d '%s' %s %s: %d bytes written to %s%n", o, info.name(),
                            Format.shape(info.shape()), info.dtype(), result.length, targets.get(o));
                } else if (outs.size() == 1) {
                    out.println(values(result, info.dtype()));
                } else {
                    out.printf("output %d '%s' %s: %s%n", o, info.name(), Format.shape(info.shape()),
                            values(result, info.dtype()));
                }
            }
        }
        return 0;
    }

    private static String values(byte[] data, DType dtype) {
        StringBuilder sb = new StringBuilder();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int n = data.length / dtype.bytes();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            switch (dtype) {
                case FLOAT32:
                    sb.append(b.getFloat(i * 4));
                    break;
                case INT32:
                    sb.append(b.getInt(i * 4));
                    break;
                case INT16:
                    sb.append(b.getShort(i * 2));
                    break;
                default:
                    sb.append(data[i]);
            }
        }
        return sb.toString();
    }
}
