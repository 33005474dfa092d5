package dev.tinyforge.cgen;

import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpRegistry;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.MemoryPlan;
import dev.tinyforge.plan.MemoryPlanner;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.plan.PatchPlan;
import dev.tinyforge.target.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lowers an int8 graph to C that calls the TinyForge kernels: {@code <prefix>.h} with the entry point
 * {@code int <prefix>_invoke(const int8_t *input, int8_t *output)} ({@code float} for a model whose
 * input or output is float32 around QUANTIZE/DEQUANTIZE, {@code int16_t} for a 16x8 model's int16 input
 * or output), and {@code <prefix>.c} with named
 * {@code const} weights, one static arena, the arena offsets as named constants and one commented
 * block per layer, each the {@link KernelCall} of the op's {@link CEmission}. The output is a pure
 * function of the plan and the prefix.
 *
 * <p>Arena offsets, the execution order, in-place layers and scratch come from the {@link ModelPlan}
 * made once per build ({@link MemoryPlanner}'s plan, with the patch stage of patch-based inference).
 */
public final class CEmitter {

    private CEmitter() {
    }

    /** A C prefix from a model name: {@code tfg_} and the name's letters, digits and underscores. */
    public static String prefixFor(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return "tfg_" + (s.isEmpty() ? "model" : s);
    }

    /**
     * The C of a graph for the host's kernels, planned layer by layer (what the native backend runs).
     *
     * @param provenance lines for the header comment (tool, source file, configuration)
     * @throws UnsupportedOpException naming the op, its index and the reason, for anything the kernels
     *     do not cover
     */
    public static CSource emit(Graph g, String prefix, String provenance) {
        return emit(ModelPlan.of(g, Target.host()), prefix, provenance);
    }

    /**
     * The C of a planned model: layer by layer, or with the first ops run patch by patch when the plan
     * has patches (MCUNetV2's patch-based inference: same entry point and bytes, the patched arena).
     *
     * @throws UnsupportedOpException naming the op, its index and the reason, for anything the kernels
     *     do not cover
     */
    public static CSource emit(ModelPlan modelPlan, String prefix, String provenance) {
        return emit(modelPlan, prefix, provenance, false);
    }

    /**
     * @param profileLayers whether every layer ends with a call of {@code tfg_profile_layer(op)} (declared
     *     in the generated C, defined by whoever links it: the firmware harness times each op with it)
     */
    public static CSource emit(ModelPlan modelPlan, String prefix, String provenance, boolean profileLayers) {
        Graph g = modelPlan.graph();
        check(g);
        PatchPlan patches = modelPlan.patches();
        Interface io = Interface.of(g);
        // what the planner leaves out of the arena (float model inputs and outputs) stays in the caller's
        // buffers; int8 ones are copied into the arena
        Map<String, String> external = new LinkedHashMap<>();
        for (Port p : io.ports()) {
            if (!MemoryPlanner.planned(g, p.tensor())) {
                external.put(p.tensor().name(), p.parameter());
            }
        }
        Graph rest = patches == null ? g : patches.rest();
        MemoryPlan plan = modelPlan.memory();
        Map<String, Long> offsets = new LinkedHashMap<>();
        for (Tensor t : rest.tensors()) {
            if (plan.isPlanned(t.name())) {
                offsets.put(t.name(), plan.offset(t.name()));
            }
        }
        long arena = modelPlan.arenaBytes();
        EmitContext root = new EmitContext(g, prefix, modelPlan.target(), offsets, external, plan);
        if (profileLayers) {
            root.profileLayers();
        }
        EmitContext ctx = patches == null ? root : root.view(rest, offsets, external, plan, patches.ops(), Map.of(),
                Map.of());
        List<KernelCall> calls = new ArrayList<>();
        Map<String, String> arenaOf = new LinkedHashMap<>(); // where each int8 input is copied to
        if (patches != null) {
            Tensor in = g.input(0);
            String inputExpr = "(" + prefix + "_arena + " + root.offsetName(in.name()) + ")";
            arenaOf.put(in.name(), inputExpr);
            calls.addAll(PatchStageEmitter.emit(root, g, patches, prefix, Map.of(in.name(), inputExpr,
                    patches.stageOutput(), ctx.arena(patches.stageOutput()))));
        } else {
            for (Port p : io.inputs()) {
                if (!external.containsKey(p.tensor().name())) {
                    arenaOf.put(p.tensor().name(), ctx.arena(p.tensor().name()));
                }
            }
        }
        for (int i : plan.order()) {
            Op op = rest.ops().get(i);
            ctx.begin(i);
            KernelCall call = emission(op).emit(ctx, i, op);
            ctx.layer(op, call);
            calls.add(call);
        }
        if (!arenaOf.isEmpty() || io.outputs().stream().anyMatch(p -> !external.containsKey(p.tensor().name()))) {
            root.use("tfg_copy_s8");
        }
        String macro = prefix.toUpperCase(Locale.ROOT);
        String guard = macro + "_H";
        String signature = "int " + prefix + "_invoke(" + String.join(", ", io.ports().stream()
                .map(Port::declaration).toList()) + ")";
        ModelDescriptorEmitter.Text descriptor = ModelDescriptorEmitter.emit(g, prefix, arena);
        String comment = "/*\n * Generated by TinyForge. Do not edit.\n"
                + provenance.lines().map(l -> " * " + l + "\n").reduce("", String::concat) + " */\n";
        StringBuilder defines = new StringBuilder();
        for (Port p : io.ports()) {
            defines.append("#define ").append(macro).append('_').append(p.macro()).append("_BYTES ")
                    .append(p.tensor().sizeBytes()).append('\n');
        }
        for (Port p : io.ports()) {
            defines.append(quantDefines(macro + "_" + p.macro(), p.tensor()));
        }
        String header = comment
                + "#ifndef " + guard + "\n#define " + guard + "\n\n#include <stdint.h>\n\n"
                + defines + "\n"
                + "/** Runs the model: " + io.describe() + ". Returns 0. Not reentrant (one static arena). */\n"
                + signature + ";\n\n" + descriptor.header() + "#endif\n";
        StringBuilder c = new StringBuilder(comment);
        c.append("#include \"").append(prefix).append(".h\"\n#include \"tfg_kernels.h\"\n\n");
        c.append("/*\n * Arena: ").append(arena).append(" bytes (")
                .append(patches == null ? "" : "patch-based: " + patches.describe() + "; then ")
                .append("memory planner: ").append(plan.strategy())
                .append(").\n * Tensors that share an offset are written in place over one another.\n */\n");
        offsets.forEach((name, off) -> c.append("#define ").append(ctx.offsetName(name)).append(' ').append(off)
                .append(" /* ").append(name).append(", ").append(g.tensor(name).sizeBytes()).append(" bytes */\n"));
        plan.scratchOf().keySet().stream().sorted().forEach(op -> c.append("#define ").append(ctx.scratchName(op))
                .append(' ').append(plan.scratchOffset(op)).append(" /* scratch of op ")
                .append(op + (patches == null ? 0 : patches.ops())).append(" */\n"));
        if (patches != null) {
            c.append(PatchStageEmitter.defines(prefix, g, patches, root.offsetName(g.input(0).name())));
        }
        if (g.tensors().stream().anyMatch(t -> t.dtype() == DType.INT16)) {
            // int16 tensors sit at word-aligned offsets; the union makes the arena itself word-aligned (C99 has
            // no alignas), so every int16 access is aligned (Cortex-M0 faults on unaligned halfwords)
            c.append("\nstatic union {\n    int32_t align;\n    int8_t bytes[").append(Math.max(arena, 1))
                    .append("];\n} ").append(prefix).append("_arena_words;\n#define ").append(prefix)
                    .append("_arena (").append(prefix).append("_arena_words.bytes)\n\n");
        } else {
            c.append("\nstatic int8_t ").append(prefix).append("_arena[").append(Math.max(arena, 1)).append("];\n\n");
        }
        c.append(ctx.constants());
        if (profileLayers) {
            c.append("/* Layer profiling: called after each op with its index; the firmware harness defines it. */\n")
                    .append("void ").append(EmitContext.PROFILE_HOOK).append("(int op);\n\n");
        }
        c.append(signature).append("\n{\n");
        for (Port p : io.inputs()) {
            String to = arenaOf.get(p.tensor().name());
            if (to != null) {
                c.append("    tfg_copy_s8(").append(p.tensor().dtype() == DType.INT8 ? "" : "(const int8_t *)")
                        .append(p.parameter()).append(", ").append(p.tensor().sizeBytes())
                        .append(", ").append(to).append(");\n");
            }
        }
        c.append(ctx.body());
        for (Port p : io.outputs()) {
            if (!external.containsKey(p.tensor().name())) {
                c.append("    tfg_copy_s8(").append(ctx.arena(p.tensor().name())).append(", ")
                        .append(p.tensor().sizeBytes()).append(", ")
                        .append(p.tensor().dtype() == DType.INT8 ? "" : "(int8_t *)").append(p.parameter())
                        .append(");\n");
            }
        }
        c.append("    return 0;\n}\n").append(descriptor.source());
        return new CSource(prefix, header, c.toString(), arena, calls, KernelLibrary.sources(root.kernels()));
    }

    /**
     * One model input or output as the entry point takes it: one pointer argument per tensor, inputs
     * first, in the graph's order. A model with one input and one output keeps the names
     * {@code input} and {@code output}; others number them ({@code input_0}, {@code output_2}).
     */
    record Port(Tensor tensor, boolean input, int index, boolean numbered) {
        String parameter() {
            return (input ? "input" : "output") + (numbered ? "_" + index : "");
        }

        String macro() {
            return (input ? "INPUT" : "OUTPUT") + (numbered ? "_" + index : "");
        }

        String declaration() {
            return (input ? "const " : "") + cType(tensor) + " *" + parameter();
        }
    }

    /** The entry point's arguments. */
    record Interface(List<Port> inputs, List<Port> outputs) {
        static Interface of(Graph g) {
            boolean numbered = g.inputs().size() != 1 || g.outputs().size() != 1;
            List<Port> in = new ArrayList<>();
            for (int i = 0; i < g.inputs().size(); i++) {
                in.add(new Port(g.input(i), true, i, numbered));
            }
            List<Port> out = new ArrayList<>();
            for (int i = 0; i < g.outputs().size(); i++) {
                out.add(new Port(g.output(i), false, i, numbered));
            }
            return new Interface(List.copyOf(in), List.copyOf(out));
        }

        List<Port> ports() {
            List<Port> all = new ArrayList<>(inputs);
            all.addAll(outputs);
            return all;
        }

        /** For the entry point's comment: shapes and types (and names when numbered). */
        String describe() {
            StringBuilder sb = new StringBuilder();
            for (Port p : ports()) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(p.parameter()).append(' ');
                if (p.numbered()) {
                    sb.append('\'').append(p.tensor().name()).append("' ");
                }
                sb.append(java.util.Arrays.toString(p.tensor().shape())).append(' ').append(cType(p.tensor()));
            }
            return sb.toString();
        }
    }

    /** Whether the op quantizes a float input (QUANTIZE): its output is an integer whatever its input. */
    private static boolean quantizes(Graph g, Op op) {
        return outputTypeFor(g, op, DType.FLOAT32) != DType.FLOAT32;
    }

    /** Whether the op dequantizes an integer input (DEQUANTIZE): its output is float whatever its input. */
    private static boolean dequantizes(Graph g, Op op) {
        return outputTypeFor(g, op, DType.INT8) == DType.FLOAT32;
    }

    /** The op's output type if its inputs were of type {@code as}. */
    private static DType outputTypeFor(Graph g, Op op, DType as) {
        java.util.List<Tensor> asOther = new java.util.ArrayList<>();
        for (Tensor t : g.inputsOf(op)) {
            asOther.add(Tensor.activation(t.name(), t.shape(), as, t.quant()));
        }
        return op.kind().outputType(op, asOther, 0);
    }

    private static CEmission emission(Op op) {
        return (CEmission) op.kind();
    }

    /** The C element type of a model input or output. */
    static String cType(Tensor t) {
        return switch (t.dtype()) {
            case FLOAT32 -> "float";
            case INT16 -> "int16_t";
            default -> "int8_t";
        };
    }

    /** Scale and zero point of an int8 or int16 model input or output; nothing for float ones. */
    private static String quantDefines(String name, Tensor t) {
        if (!t.dtype().isQuantizedActivation()) {
            return "";
        }
        return "#define " + name + "_SCALE " + EmitContext.floatLiteral(t.quant().scale()) + "\n"
                + "#define " + name + "_ZERO_POINT " + t.quant().zeroPoint() + "\n";
    }

    private static void check(Graph g) {
        if (g.inputs().isEmpty() || g.outputs().isEmpty()) {
            throw new UnsupportedOpException("graph " + g.name() + " has " + g.inputs().size() + " inputs and "
                    + g.outputs().size() + " outputs; the C backend needs at least one of each");
        }
        if (new java.util.HashSet<>(g.outputs()).size() != g.outputs().size()
                || g.outputs().stream().anyMatch(g.inputs()::contains)) {
            throw new UnsupportedOpException("graph " + g.name() + ": an output is listed twice or is also an input; "
                    + "the C backend writes each output once");
        }
        List<Tensor> boundary = new ArrayList<>();
        g.inputs().forEach(n -> boundary.add(g.tensor(n)));
        g.outputs().forEach(n -> boundary.add(g.tensor(n)));
        for (Tensor t : boundary) {
            if (!t.dtype().isQuantizedActivation() && t.dtype() != DType.FLOAT32) {
                throw new UnsupportedOpException("graph " + g.name() + ": model input/output '" + t.name() + "' is "
                        + t.dtype() + "; the C backend takes int8, int16 (16x8 mode) or float32 (through "
                        + "QUANTIZE/DEQUANTIZE)");
            }
        }
        for (int i = 0; i < g.ops().size(); i++) {
            Op op = g.ops().get(i);
            if (!(op.kind() instanceof CEmission)) {
                throw new UnsupportedOpException("op " + i + " " + op.kind() + " '" + op.output()
                        + "': the C kernels do not implement it yet; they cover "
                        + OpRegistry.with(CEmission.class));
            }
            String where = "op " + i + " " + op.kind() + " '" + op.output() + "'";
            boolean int16 = false;
            for (String name : op.inputs()) {
                Tensor t = g.tensor(name);
                boolean weighted = t.isConstant() && op.kind() instanceof dev.tinyforge.ir.WeightedOp;
                int position = op.inputs().indexOf(name);
                boolean bias = weighted && position == dev.tinyforge.ir.WeightedOp.BIAS;
                boolean weights = weighted && position == dev.tinyforge.ir.WeightedOp.WEIGHTS;
                DType input = g.tensor(op.input(0)).dtype();
                boolean floatModelInput = quantizes(g, op) && t.dtype() == DType.FLOAT32 && g.inputs().contains(name);
                if (floatModelInput) {
                    continue;
                }
                String expected;
                boolean ok;
                if (bias) {
                    DType want = input == DType.INT16 ? DType.INT64 : DType.INT32;
                    expected = "quantized " + want + (want == DType.INT64 ? " (the bias of an int16 layer)" : "");
                    ok = t.dtype() == want;
                } else if (weights) {
                    expected = "quantized INT8";
                    ok = t.dtype() == DType.INT8;
                } else {
                    expected = "quantized INT8, or INT16 in 16x8 mode";
                    ok = t.dtype().isQuantizedActivation();
                    int16 |= t.dtype() == DType.INT16;
                }
                if (!ok || t.quant() == null) {
                    throw new UnsupportedOpException(where + ": tensor '" + name + "' is " + t.dtype()
                            + (t.quant() == null ? " without quantization" : "") + ", the C kernels take " + expected
                            + (t.dtype() == DType.FLOAT32 ? " (a float model: quantize it, e.g. export without --float)"
                                    : ""));
                }
            }
            Tensor out = g.tensor(op.output());
            boolean floatModelOutput = dequantizes(g, op) && g.tensor(op.input(0)).dtype().isQuantizedActivation()
                    && out.dtype() == DType.FLOAT32 && g.outputs().contains(out.name());
            if (!floatModelOutput && (!out.dtype().isQuantizedActivation() || out.quant() == null
                    || out.quant().isPerChannel())) {
                throw new UnsupportedOpException(where + ": output must be int8 (or int16 in 16x8 mode) quantized "
                        + "per tensor");
            }
            int16 |= out.dtype() == DType.INT16;
            if (!quantizes(g, op) && !dequantizes(g, op)) {
                java.util.Set<DType> types = new java.util.TreeSet<>();
                op.inputs().stream().map(g::tensor).filter(t -> !t.isConstant()).forEach(t -> types.add(t.dtype()));
                types.add(out.dtype());
                if (types.size() > 1) {
                    throw new UnsupportedOpException(where + ": its activations mix " + types + "; only QUANTIZE and "
                            + "DEQUANTIZE convert between types");
                }
            }
            if (int16 && !emission(op).emits16x8()) {
                throw new UnsupportedOpException(where + ": its tensors are int16 (TFLite's 16x8 mode), which the C "
                        + "kernels of " + op.kind() + " do not implement; the 16x8 kernels cover "
                        + OpRegistry.all().stream().filter(k -> k instanceof CEmission c && c.emits16x8()).toList());
            }
        }
    }
}
