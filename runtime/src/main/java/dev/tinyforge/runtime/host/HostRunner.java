package dev.tinyforge.runtime.host;

import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.cgen.CProject;
import dev.tinyforge.cgen.CSource;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.plan.PatchPlan;
import dev.tinyforge.runtime.InputCheck;
import dev.tinyforge.runtime.ModelLoadException;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.TensorInfo;
import dev.tinyforge.target.Target;
import dev.tinyforge.tflite.TfliteReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The native backend: the model's generated C and the kernels, compiled for the host by
 * {@link HostCompiler} and called through {@link HostBridge}. Same contract as the TFLite backend,
 * so the two can be compared byte for byte.
 */
public final class HostRunner implements Runner {
    private final String source;
    private final long function;
    private final List<TensorInfo> inputs;
    private final List<TensorInfo> outputs;

    private HostRunner(String source, long function, Graph g) {
        this.source = source;
        this.function = function;
        this.inputs = List.of(info(g.input(0)));
        this.outputs = List.of(info(g.output(0)));
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
        return compileAll(graphs, java.util.Collections.nCopies(graphs.size(), null), source);
    }

    /**
     * Like {@link #compileAll(List, String)}, each model with its patch-based plan ({@code null}
     * entries: unpatched).
     */
    public static List<HostRunner> compileAll(List<Graph> graphs, List<PatchPlan> patches, String source) {
        List<CSource> sources = new ArrayList<>();
        for (int i = 0; i < graphs.size(); i++) {
            String prefix = graphs.size() == 1 ? CEmitter.prefixFor(graphs.get(i).name())
                    : CEmitter.prefixFor(graphs.get(i).name()) + "_" + i;
            sources.add(CEmitter.emit(ModelPlan.of(graphs.get(i), Target.host(), patches.get(i)), prefix,
                    "source: " + source));
        }
        Map<String, String> files = new LinkedHashMap<>(CProject.files(sources));
        files.put("tfg_host_glue.c", glue(sources));
        Path lib = HostCompiler.build(files, List.of(), "libtfgmodel.so");
        HostBridge.load();
        long handle = HostBridge.open(lib.toAbsolutePath().toString());
        if (handle == 0) {
            throw new ModelLoadException(source + ": cannot load the compiled model library " + lib + ": "
                    + HostBridge.lastError());
        }
        List<HostRunner> runners = new ArrayList<>();
        for (int i = 0; i < graphs.size(); i++) {
            String symbol = sources.get(i).prefix() + "_host_invoke";
            long fn = HostBridge.symbol(handle, symbol);
            if (fn == 0) {
                throw new ModelLoadException(source + ": symbol " + symbol + " missing from " + lib);
            }
            runners.add(new HostRunner(source, fn, graphs.get(i)));
        }
        return runners;
    }

    /**
     * One untyped entry point per model, {@code <prefix>_host_invoke(const void *, void *)}, forwarding
     * to the typed {@code <prefix>_invoke}: the fixed JNI bridge calls every model the same way, whether
     * its input and output are int8 or float.
     */
    static String glue(List<CSource> sources) {
        StringBuilder c = new StringBuilder("/* Host-only glue: byte-level entry points for the JNI bridge. */\n");
        for (CSource s : sources) {
            c.append("#include \"").append(s.headerFile()).append("\"\n");
        }
        for (CSource s : sources) {
            c.append("\nint ").append(s.prefix()).append("_host_invoke(const void *input, void *output);\n")
                    .append("int ").append(s.prefix()).append("_host_invoke(const void *input, void *output)\n{\n")
                    .append("    return ").append(s.prefix()).append("_invoke(input, output);\n}\n");
        }
        return c.toString();
    }

    private static TensorInfo info(Tensor t) {
        return t.quant() == null ? new TensorInfo(t.name(), t.shape(), t.dtype(), 0f, 0)
                : new TensorInfo(t.name(), t.shape(), t.dtype(), t.quant().scale(), t.quant().zeroPoint());
    }

    @Override
    public String backend() {
        return "native";
    }

    @Override
    public List<TensorInfo> inputs() {
        return inputs;
    }

    @Override
    public List<TensorInfo> outputs() {
        return outputs;
    }

    @Override
    public List<byte[]> run(List<byte[]> data) {
        InputCheck.require(source, inputs, data);
        byte[] out = new byte[(int) outputs.get(0).sizeBytes()];
        int rc = HostBridge.invoke(function, data.get(0), out);
        if (rc != 0) {
            throw new IllegalStateException(source + ": native invoke returned " + rc);
        }
        return List.of(out);
    }

    @Override
    public void close() {
        // The library stays loaded: it is cached and shared by every runner of the same model.
    }
}
