package dev.tinyforge.cgen;

import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a model's {@code tfg_model} descriptor (see {@code tfg_model.h}): its tensor infos, arena
 * size and an untyped entry point, so a host calls every generated model the same way through one
 * stable ABI instead of through glue compiled per model. The text is a pure function of the graph,
 * the prefix and the arena size.
 */
public final class ModelDescriptorEmitter {

    /** What to append to {@code <prefix>.h} (inside its include guard) and to {@code <prefix>.c}. */
    public record Text(String header, String source) {
    }

    private ModelDescriptorEmitter() {
    }

    /**
     * @param prefix the model's C prefix; the typed entry point {@code <prefix>_invoke} takes one argument per
     *     graph input, then one per graph output, in the graph's order
     * @param arenaBytes the size of the model's static arena
     */
    public static Text emit(Graph g, String prefix, long arenaBytes) {
        String header = "#include \"tfg_model.h\"\n\n"
                + "/** The model's descriptor: tensor infos, arena size and an untyped invoke (see tfg_model.h). */\n"
                + "extern const tfg_model " + prefix + "_model;\n\n";
        StringBuilder c = new StringBuilder("\n/* Descriptor (tfg_model.h): what the model takes and gives, for hosts. */\n");
        List<String> args = new ArrayList<>();
        for (int i = 0; i < g.inputs().size(); i++) {
            args.add("(const " + cType(g.input(i)) + " *)inputs[" + i + "]");
        }
        for (int i = 0; i < g.outputs().size(); i++) {
            args.add("(" + cType(g.output(i)) + " *)outputs[" + i + "]");
        }
        c.append(infos(prefix + "_model_inputs", inputs(g)));
        c.append(infos(prefix + "_model_outputs", outputs(g)));
        c.append("static int ").append(prefix).append("_invoke_v(const void *const *inputs, void *const *outputs)\n{\n")
                .append("    return ").append(prefix).append("_invoke(").append(String.join(", ", args)).append(");\n}\n\n");
        c.append("const tfg_model ").append(prefix).append("_model = {\n")
                .append("    .abi_version = TFG_MODEL_ABI_VERSION,\n")
                .append("    .name = ").append(literal(g.name())).append(",\n")
                .append("    .arena_bytes = ").append(arenaBytes).append("u,\n")
                .append("    .num_inputs = ").append(g.inputs().size()).append("u,\n")
                .append("    .num_outputs = ").append(g.outputs().size()).append("u,\n")
                .append("    .inputs = ").append(prefix).append("_model_inputs,\n")
                .append("    .outputs = ").append(prefix).append("_model_outputs,\n")
                .append("    .invoke = ").append(prefix).append("_invoke_v,\n};\n");
        return new Text(header, c.toString());
    }

    private static List<Tensor> inputs(Graph g) {
        List<Tensor> ts = new ArrayList<>();
        for (int i = 0; i < g.inputs().size(); i++) {
            ts.add(g.input(i));
        }
        return ts;
    }

    private static List<Tensor> outputs(Graph g) {
        List<Tensor> ts = new ArrayList<>();
        for (int i = 0; i < g.outputs().size(); i++) {
            ts.add(g.output(i));
        }
        return ts;
    }

    /** The dims arrays, then one {@code tfg_tensor_info} array named {@code array}. */
    private static String infos(String array, List<Tensor> tensors) {
        StringBuilder dims = new StringBuilder();
        StringBuilder table = new StringBuilder("static const tfg_tensor_info " + array + "[" + tensors.size() + "] = {\n");
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            String dimsName = "0";
            if (t.rank() > 0) {
                dimsName = array + "_" + i + "_dims";
                dims.append("static const int32_t ").append(dimsName).append("[").append(t.rank()).append("] = {");
                for (int d = 0; d < t.rank(); d++) {
                    dims.append(d == 0 ? "" : ", ").append(t.dim(d));
                }
                dims.append("};\n");
            }
            boolean quantized = t.dtype().isQuantizedActivation() && t.quant() != null;
            table.append("    {\n")
                    .append("        .name = ").append(literal(t.name())).append(",\n")
                    .append("        .dtype = ").append(dtypeName(t)).append(",\n")
                    .append("        .rank = ").append(t.rank()).append(",\n")
                    .append("        .dims = ").append(dimsName).append(",\n")
                    .append("        .bytes = ").append(t.sizeBytes()).append("u,\n")
                    .append("        .scale = ").append(quantized ? EmitContext.floatLiteral(t.quant().scale()) : "0.0f")
                    .append(",\n")
                    .append("        .zero_point = ").append(quantized ? t.quant().zeroPoint() : 0).append(",\n")
                    .append("    },\n");
        }
        return dims.append(table).append("};\n\n").toString();
    }

    private static String cType(Tensor t) {
        return CEmitter.cType(t);
    }

    private static String dtypeName(Tensor t) {
        return switch (t.dtype()) {
            case INT8 -> "TFG_DTYPE_INT8";
            case INT16 -> "TFG_DTYPE_INT16";
            case FLOAT32 -> "TFG_DTYPE_FLOAT32";
            case INT32 -> "TFG_DTYPE_INT32";
            case INT64 -> throw new IllegalStateException("tensor " + t.name() + ": INT64 is never a model input or "
                    + "output (the C backend refuses it)");
        };
    }

    /**
     * A C string literal of {@code s}'s UTF-8 bytes: printable ASCII as is, everything else (and quotes,
     * backslashes, {@code ?} against trigraphs) as three-digit octal escapes, which cannot run into the next
     * character.
     */
    static String literal(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int u = x & 0xff;
            if (u >= 0x20 && u < 0x7f && u != '"' && u != '\\' && u != '?') {
                b.append((char) u);
            } else {
                b.append('\\').append(Integer.toOctalString(0x200 | u).substring(1));
            }
        }
        return b.append('"').toString();
    }
}
