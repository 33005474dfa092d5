package dev.tinyforge.bench;

import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.Runners;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Architecture;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One int8 inference per call, single thread, at MCU scale (width 0.35, 96×96, 10 classes; ResNet-8
 * at 32×32): TinyForge's generated C on the host ({@code native}) against TFLite's built-in kernels
 * ({@code tflite}, the anchor) and TFLite with XNNPACK ({@code xnnpack}). {@code bench/run} turns the
 * results into ratios against the anchor of the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class InferenceBench {
    @Param({"mobilenetv2", "mnasnet-a1", "mcunet", "mcunet-vww1", "resnet8", "mbv2-se"})
    public String arch;

    @Param({"tflite", "xnnpack", "native"})
    public String backend;

    private Runner runner;
    private byte[] input;

    @Setup
    public void setup() {
        Architecture a = Zoo.get(arch);
        ZooConfig c = a.defaultConfig().resolution() <= 32 ? new ZooConfig(1.0, 32, 10, 3, 0)
                : new ZooConfig(0.35, 96, 10, 3, 0);
        byte[] model = ExportPipeline.run(new ExportPipeline.Request(a, c, false, 8, QuantizeOptions.defaults()),
                Progress.NONE).tflite();
        boolean xnnpack = backend.equals("xnnpack");
        runner = Runners.open(xnnpack ? "tflite" : backend, model, arch, new RunnerOptions(1, xnnpack));
        input = new byte[(int) runner.inputs().get(0).sizeBytes()];
        new SplittableRandom(1).nextBytes(input);
    }

    @Benchmark
    public byte[] infer() {
        return runner.run(input);
    }

    @TearDown
    public void close() {
        runner.close();
    }
}
