package dev.tinyforge.cli;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.zoo.Architecture;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tinyforge export}: a zoo architecture with seeded random weights (batch norm folded),
 * calibrated on seeded synthetic inputs, written as a fully-int8 (default), 16x8 (int16 activations,
 * int8 weights) or float {@code .tflite}.
 */
@Command(name = "export", description = "Export a zoo architecture as an int8 (default) or float .tflite file.")
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ARCH|SPEC.json", description = "Architecture name (see 'tinyforge zoo') or a spec file.")
    String arch;

    @Option(names = "--width", paramLabel = "W", description = "Width multiplier (default: the architecture's).")
    Double width;

    @Option(names = "--resolution", paramLabel = "R", description = "Input height and width in pixels.")
    Integer resolution;

    @Option(names = "--classes", paramLabel = "N", description = "Number of output classes.")
    Integer classes;

    @Option(names = "--input-channels", paramLabel = "C", description = "Input channels (1 for grayscale).")
    Integer inputChannels;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of weights and calibration data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--float", description = "Write the float model instead of the int8 one.")
    boolean floatModel;

    @Option(names = "--float-io", description = "Int8 model with float input and output (QUANTIZE/DEQUANTIZE at the boundaries).")
    boolean floatIo;

    @Option(names = "--int16", description = "TFLite's 16x8 mode: int16 activations, int8 weights, int64 biases "
            + "(EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8).")
    boolean int16;

    @Option(names = "--calibration", paramLabel = "N", defaultValue = "16", description = "Calibration inputs (default: ${DEFAULT-VALUE}).")
    int calibration;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.tflite", description = "Output file.")
    Path output;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Architecture a = Zoo.resolve(arch);
        ZooConfig d = a.defaultConfig();
        ZooConfig config = new ZooConfig(width != null ? width : d.width(),
                resolution != null ? resolution : d.resolution(), classes != null ? classes : d.classes(),
                inputChannels != null ? inputChannels : d.inputChannels(), seed);
        if (floatModel && floatIo) {
            throw new IllegalArgumentException("--float and --float-io exclude each other: --float writes a float "
                    + "model, --float-io an int8 model with float inputs and outputs");
        }
        if (floatModel && int16) {
            throw new IllegalArgumentException("--float and --int16 exclude each other: --float writes a float "
                    + "model, --int16 one with int16 activations");
        }
        ModelFiles.checkOutputFile(output);
        QuantizeOptions.Mode mode = int16 ? QuantizeOptions.Mode.INT16X8 : QuantizeOptions.Mode.INT8;
        ExportPipeline.Request request = new ExportPipeline.Request(a, config, floatModel, calibration,
                QuantizeOptions.defaults().withFloatIo(floatIo).withMode(mode));
        ExportPipeline.Result result = ExportPipeline.run(request, new ConsoleProgress(spec.commandLine().getErr()));
        ModelFiles.write(output, result.tflite());
        Graph g = result.exported();
        spec.commandLine().getOut().printf("wrote %s: %s w%s r%d, %d classes, %s, %s, params %s, MACs %s%n", output,
                a.name(), config.width(), config.resolution(), config.classes(),
                floatModel ? "float32" : mode.label() + (floatIo ? " (float I/O)" : ""),
                Format.bytes(result.tflite().length),
                Format.count(g.params()), Format.count(g.macs()));
        return 0;
    }
}
