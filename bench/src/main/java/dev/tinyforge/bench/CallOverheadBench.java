package dev.tinyforge.bench;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ops.Add;
import dev.tinyforge.ops.BroadcastOp;
import dev.tinyforge.ops.Reshape;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.quant.Range;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.Runners;
import dev.tinyforge.tflite.TfliteWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
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
 * The cost of crossing from Java into a model and back, measured on 1-op models of 16 bytes: an int8
 * ADD of a tensor with itself ({@code add16}: its requantization in C costs more than the crossing) and a
 * RESHAPE ({@code reshape16}: C copies 16 bytes in and out, so the figure is nearly all binding).
 * TFLite's built-in interpreter on the same model is the anchor.
 * {@code bench/call-overhead} runs it and prints the table README quotes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
public class CallOverheadBench {
    /**
     * {@code tflite}: the interpreter through {@code run(List<byte[]>)}; {@code native-bytes}: the generated C
     * through {@code run(List<byte[]>)} (copies in, allocates and copies out); {@code native-direct}: the
     * generated C through {@code run(ByteBuffer[], ByteBuffer[])} with the same direct buffers every call
     * (zero copy).
     */
    // bench/call-overhead --against COMMIT drops native-direct (and the direct-path lines) on trees without it
    @Param({"tflite", "native-bytes", "native-direct"})
    public String path;

    /** {@code add16}: y = x + x, int8 [1,16]; {@code reshape16}: [1,16] to [4,4], int8. */
    @Param({"add16", "reshape16"})
    public String model;

    private Runner runner;
    private List<byte[]> input;
    private ByteBuffer[] inputBuffers;
    private ByteBuffer[] outputBuffers;
    private boolean direct;

    /** One op on a [1,16] int8 tensor: 16 bytes in, 16 bytes out. */
    static byte[] oneOpModel(String model) {
        GraphBuilder b = new GraphBuilder("call overhead");
        b.input("x", new int[] {1, 16}, DType.FLOAT32, null);
        if (model.equals("add16")) {
            b.add(Add.OP, new BroadcastOp.Params(Activation.NONE), List.of("x", "x"), "y");
        } else {
            b.add(Reshape.OP, new Reshape.Params(new int[] {4, 4}), List.of("x"), "y");
        }
        Graph g = b.output("y").build();
        Map<String, Range> ranges = Map.of("x", new Range(-1, 1), "y", new Range(-2, 2));
        return TfliteWriter.write(QuantizePass.quantize(g, ranges, QuantizeOptions.defaults()));
    }

    @Setup
    public void setup() {
        String backend = path.startsWith("native") ? "native" : path;
        runner = Runners.open(backend, oneOpModel(model), "call-overhead " + model, RunnerOptions.reference());
        byte[] x = new byte[(int) runner.inputs().get(0).sizeBytes()];
        new SplittableRandom(1).nextBytes(x);
        input = List.of(x);
        direct = path.endsWith("-direct");
        inputBuffers = new ByteBuffer[] {ByteBuffer.allocateDirect(x.length).put(x).flip()};
        outputBuffers = new ByteBuffer[] {ByteBuffer.allocateDirect((int) runner.outputs().get(0).sizeBytes())};
    }

    @Benchmark
    public Object call() {
        if (direct) { // direct-path
            runner.run(inputBuffers, outputBuffers); // direct-path
            return outputBuffers; // direct-path
        } // direct-path
        return runner.run(input);
    }

    @TearDown
    public void close() {
        runner.close();
    }
}
