package dev.tinyforge.runtime.host;

import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.runtime.ModelLoadException;
import dev.tinyforge.runtime.TensorInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * What a compiled model says about itself through its {@code tfg_model} descriptor, read once into
 * Java values, plus its untyped entry point. The native backend trusts these figures only after
 * {@link #check} has compared them with the graph the library was generated from: a library that
 * disagrees would read or write past the caller's buffers.
 */
final class ModelDescriptor {
    private final String where;
    private final String name;
    private final long arenaBytes;
    private final List<TensorInfo> inputs;
    private final List<TensorInfo> outputs;
    private final ModelAbi.InvokeFunction invoke;

    private ModelDescriptor(String where, String name, long arenaBytes, List<TensorInfo> inputs,
            List<TensorInfo> outputs, ModelAbi.InvokeFunction invoke) {
        this.where = where;
        this.name = name;
        this.arenaBytes = arenaBytes;
        this.inputs = inputs;
        this.outputs = outputs;
        this.invoke = invoke;
    }

    /**
     * @param where the model and symbol, for error messages
     * @throws ModelLoadException when the descriptor's ABI version is not the one this runtime reads
     */
    static ModelDescriptor read(ModelAbi.ModelStruct m, String where) {
        int version = m.abi_version();
        if (version != ModelAbi.TFG_MODEL_ABI_VERSION()) {
            throw new ModelLoadException(where + ": the descriptor has ABI version " + version + ", this runtime reads "
                    + ModelAbi.TFG_MODEL_ABI_VERSION() + "; regenerate the model's C with this TinyForge");
        }
        List<TensorInfo> in = tensors(m.inputs(), Integer.toUnsignedLong(m.num_inputs()), where);
        List<TensorInfo> out = tensors(m.outputs(), Integer.toUnsignedLong(m.num_outputs()), where);
        ModelAbi.InvokeFunction fn = m.invoke();
        if (fn == null || fn.isNull()) {
            throw new ModelLoadException(where + ": the descriptor has no invoke function; regenerate the model's C");
        }
        return new ModelDescriptor(where, string(m.name()), Integer.toUnsignedLong(m.arena_bytes()), in, out, fn);
    }

    private static List<TensorInfo> tensors(ModelAbi.TensorInfoStruct array, long count, String where) {
        List<TensorInfo> infos = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            ModelAbi.TensorInfoStruct t = new ModelAbi.TensorInfoStruct(array).position(i);
            DType dtype = DType.fromTflite(t.dtype());
            if (dtype == null) {
                throw new ModelLoadException(where + ": tensor '" + string(t.name()) + "' has dtype code " + t.dtype()
                        + ", which this runtime does not know; regenerate the model's C with this TinyForge");
            }
            int[] shape = new int[t.rank()];
            IntPointer dims = t.dims();
            for (int d = 0; d < shape.length; d++) {
                shape[d] = dims.get(d);
            }
            TensorInfo info = new TensorInfo(string(t.name()), shape, dtype, t.scale(), t.zero_point());
            if (info.sizeBytes() != Integer.toUnsignedLong(t.bytes())) {
                throw new ModelLoadException(where + ": tensor " + info + " says " + Integer.toUnsignedLong(t.bytes())
                        + " bytes, its shape and type make " + info.sizeBytes() + "; regenerate the model's C");
            }
            infos.add(info);
        }
        return List.copyOf(infos);
    }

    private static String string(BytePointer p) {
        return p == null || p.isNull() ? "" : p.getString(StandardCharsets.UTF_8);
    }

    /**
     * Refuses a descriptor that disagrees with the graph its library was generated from.
     *
     * @param arenaBytes the arena the code generator planned for the graph
     * @throws ModelLoadException naming the first field that differs, both values and what to do
     */
    void check(Graph g, long arenaBytes) {
        List<TensorInfo> expectedIn = new ArrayList<>();
        for (int i = 0; i < g.inputs().size(); i++) {
            expectedIn.add(TensorInfo.of(g.input(i)));
        }
        List<TensorInfo> expectedOut = new ArrayList<>();
        for (int i = 0; i < g.outputs().size(); i++) {
            expectedOut.add(TensorInfo.of(g.output(i)));
        }
        String differs = !name.equals(g.name()) ? "name '" + name + "', the graph's is '" + g.name() + "'"
                : !inputs.equals(expectedIn) ? "inputs " + inputs + ", the graph's are " + expectedIn
                : !outputs.equals(expectedOut) ? "outputs " + outputs + ", the graph's are " + expectedOut
                : this.arenaBytes != arenaBytes ? "arena of " + this.arenaBytes + " bytes, the plan's is " + arenaBytes
                : null;
        if (differs != null) {
            throw new ModelLoadException(where + ": the compiled model does not match the graph it was generated from: "
                    + "its descriptor has " + differs + ". The library is stale or was built from other C: delete it "
                    + "to have it rebuilt");
        }
    }

    String where() {
        return where;
    }

    long arenaBytes() {
        return arenaBytes;
    }

    List<TensorInfo> inputs() {
        return inputs;
    }

    List<TensorInfo> outputs() {
        return outputs;
    }

    ModelAbi.InvokeFunction invoke() {
        return invoke;
    }
}
