package dev.tinyforge.cli;

import dev.tinyforge.ir.DType;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.Runners;
import dev.tinyforge.runtime.TensorInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tinyforge run}: one inference; raw bytes of input 0 in, raw bytes of output 0 out. Without
 * {@code --input} the input is seeded random (uniform int8, or uniform [-1, 1] for float inputs).
 */
@Command(name = "run", description = "Run a .tflite model once on raw input bytes (or a seeded random input).")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.tflite")
    Path file;

    @Option(names = "--backend", defaultValue = "tflite", description = "Backend (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--xnnpack", description = "Let the TFLite backend use XNNPACK (not bit-exact; for speed comparisons).")
    boolean xnnpack;

    @Option(names = "--input", paramLabel = "IN.bin", description = "Raw bytes of input 0.")
    Path input;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random input (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.bin", description = "Write the raw bytes of output 0 here (default: print them).")
    Path output;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        byte[] model = ModelFiles.read(file);
        // Parse with our reader first: bad files get TinyForge's message, not TFLite's.
        dev.tinyforge.tflite.TfliteReader.read(model, file.toString());
        PrintWriter out = spec.commandLine().getOut();
        try (Runner runner = Runners.open(backend, model, file.toString(), new RunnerOptions(1, xnnpack))) {
            List<byte[]> inputs = new ArrayList<>();
            for (int i = 0; i < runner.inputs().size(); i++) {
                TensorInfo info = runner.inputs().get(i);
                inputs.add(ModelFiles.input(i == 0 ? input : null, info.name(), info.shape(), info.dtype(), seed + i));
            }
            byte[] result = runner.run(inputs).get(0);
            TensorInfo o = runner.outputs().get(0);
            if (output != null) {
                Files.write(output, result);
                out.printf("output 0 '%s' %s %s: %d bytes written to %s%n", o.name(), Format.shape(o.shape()),
                        o.dtype(), result.length, output);
            } else {
                out.println(values(result, o.dtype()));
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
                default:
                    sb.append(data[i]);
            }
        }
        return sb.toString();
    }
}
