package dev.tinyforge.runtime.host;

import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.cgen.CProject;
import dev.tinyforge.cgen.CSource;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.plan.PatchPlan;
import dev.tinyforge.runtime.InputCheck;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.TensorInfo;
import dev.tinyforge.target.Target;
import dev.tinyforge.tflite.TfliteReader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The native backend: the model's generated C and the kernels, compiled for the host by
 * {@link HostCompiler} and called through the model's {@code tfg_model} descriptor, which JavaCPP
 * maps ({@link ModelAbi}). Same contract as the TFLite backend, so the two can be compared byte for
 * byte; direct buffers reach the C without a copy.
 */
public final class HostRunner implements Runner {
    private final String source;
    private final ModelDescriptor model;
    private final NativeCall call;
    private boolean closed;

    private HostRunner(String source, ModelDescriptor model) {
        this.source = source;
        this.model = model;
        this.call = new NativeCall(model);
    }

    /** Loads a {@code .tflite} model: import, generate C, compile (cached), link. */
    public static HostRunner open(byte[] model, String source) {
        Graph g = TfliteReader.read(model, source);
        return compileAll(List.of(g), source).get(0);
    }

    /**
     * Compiles several models into one library (one compiler run), each under its own prefix: how the
     * randomized kernel tests stay fast.
     */
    public static List<HostRunner> compileAll(List<Graph> graphs, String source) {
        return compileAll(graphs, Collections.nCopies(graphs.size(), null), source);
    }

    /**
     * Like {@link #compileAll(List, String)}, each model with its patch-based plan ({@code null}
     * entries: unpatched).
     */
    public static List<HostRunner> compileAll(List<Graph> graphs, List<PatchPlan> patches, String source) {
        return compileAll(graphs, patches, source, Target.host());
    }

    /**
     * Like {@link #compileAll(List, List, String)}, planned and compiled for a host target other than this
     * machine's own (e.g. without AVX2: the plain kernel paths), which must still run here.
     */
    public static List<HostRunner> compileAll(List<Graph> graphs, List<PatchPlan> patches, String source,
            Target target) {
        List<CSource> sources = new ArrayList<>();
        for (int i = 0; i < graphs.size(); i++) {
            String prefix = graphs.size() == 1 ? CEmitter.prefixFor(graphs.get(i).name())
                    : CEmitter.prefixFor(graphs.get(i).name()) + "_" + i;
            sources.add(CEmitter.emit(ModelPlan.of(graphs.get(i), target, patches.get(i)), prefix,
                    "source: " + source));
        }
        Path lib = HostCompiler.build(CProject.files(sources), List.of(), "libtfgmodel.so", target);
        List<HostRunner> runners = new ArrayList<>();
        for (int i = 0; i < graphs.size(); i++) {
            runners.add(bind(lib, sources.get(i).prefix(), graphs.get(i), sources.get(i).arenaBytes(), source));
        }
        return runners;
    }

    /**
     * A runner for the model {@code prefix} in a compiled library, once its descriptor agrees with the
     * graph and arena it was generated from.
     *
     * @throws dev.tinyforge.runtime.ModelLoadException when the library, the symbol or the descriptor is wrong
     */
    static HostRunner bind(Path library, String prefix, Graph g, long arenaBytes, String source) {
        ModelDescriptor d = ModelLibrary.open(library, source).model(prefix, source);
        d.check(g, arenaBytes);
        return new HostRunner(source, d);
    }

    /** Bytes of the model's static arena, as its descriptor states it. */
    public long arenaBytes() {
        return model.arenaBytes();
    }

    @Override
    public String backend() {
        return "native";
    }

    @Override
    public List<TensorInfo> inputs() {
        return model.inputs();
    }

    @Override
    public List<TensorInfo> outputs() {
        return model.outputs();
    }

    @Override
    public List<byte[]> run(List<byte[]> data) {
        requireOpen();
        InputCheck.require(source, model.inputs(), data);
        return call.run(data);
    }

    @Override
    public void run(ByteBuffer[] inputs, ByteBuffer[] outputs) {
        requireOpen();
        InputCheck.requireBuffers(source, model.inputs(), model.outputs(), inputs, outputs);
        call.run(inputs, outputs);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(source + ": runner is closed");
        }
    }

    /** Frees this runner's pointer arrays and staging memory; the library stays loaded for other runners. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            call.close();
        }
    }
}
