package dev.tinyforge.cgen;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.MemoryPlan;
import dev.tinyforge.target.Target;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an op's {@link CEmission} writes into and reads from: named {@code const} arrays for weights
 * and tables (counted, so each layer's {@link KernelCall} knows its constant bytes), the arena places
 * of activations (named constants from the plan), the plan's in-place and scratch decisions, and the
 * target. Names are derived from tensor names, kept unique and prefixed with the model's prefix.
 */
public final class EmitContext {
    private final Graph graph;
    private final String prefix;
    private final Target target;
    private final Map<String, Long> offsets;
    private final Map<String, String> external;
    private final MemoryPlan plan;
    private final int opBase;
    private final Map<String, Tensor> shapes;
    private final Map<Integer, int[]> pads;
    private final Output out;

    /** The function a profiled model calls after each layer with the op's index (see {@link #profileLayers}). */
    public static final String PROFILE_HOOK = "tfg_profile_layer";

    /** The text and bookkeeping every view of one model shares. */
    private static final class Output {
        final StringBuilder constants = new StringBuilder();
        final StringBuilder body = new StringBuilder();
        final Set<String> identifiers = new HashSet<>();
        final Map<String, String> offsetNames = new LinkedHashMap<>();
        final Set<String> macros = new HashSet<>();
        final Map<String, String> constantNames = new LinkedHashMap<>();
        final Map<String, String> tables = new LinkedHashMap<>();
        final Set<String> kernels = new TreeSet<>();
        long constantBytes;
        long layerStart;
        int layerOp = -1;
        boolean profile;
    }

    /**
     * @param external tensors that live outside the arena, with the C expression naming them (float
     *     model inputs and outputs are read from and written to the caller's buffers directly)
     */
    EmitContext(Graph graph, String prefix, Target target, Map<String, Long> offsets, Map<String, String> external,
            MemoryPlan plan) {
        this(graph, prefix, target, offsets, external, plan, 0, Map.of(), Map.of(), new Output());
        // what the emitters name themselves, so that no tensor's name can take it
        for (String own : List.of("arena", "invoke", "model", "model_inputs", "model_outputs")) {
            out.identifiers.add(prefix + "_" + own);
        }
    }

    private EmitContext(Graph graph, String prefix, Target target, Map<String, Long> offsets,
            Map<String, String> external, MemoryPlan plan, int opBase, Map<String, Tensor> shapes,
            Map<Integer, int[]> pads, Output out) {
        this.graph = graph;
        this.prefix = prefix;
        this.target = target;
        this.offsets = offsets;
        this.external = external;
        this.plan = plan;
        this.opBase = opBase;
        this.shapes = shapes;
        this.pads = pads;
        this.out = out;
    }

    /**
     * Another view of the same output (constants, names, body and counts are shared): how patch-based
     * code emits the stage on tiles and the rest of the graph from its own plan.
     *
     * @param viewPlan the plan deciding in-place ops and scratch, or {@code null} for none
     * @param viewOpBase added to op indices in comments, names and calls (the rest graph starts at 0)
     * @param viewShapes tensors seen with another shape (a patch's tiles), by name
     * @param viewPads per op index: {top, left} padding of a convolution or pool, or PAD's 8 paddings,
     *     replacing what the op's attributes give (tiles are padded only where they meet the image border)
     */
    EmitContext view(Graph g, Map<String, Long> viewOffsets, Map<String, String> viewExternal, MemoryPlan viewPlan,
            int viewOpBase, Map<String, Tensor> viewShapes, Map<Integer, int[]> viewPads) {
        return new EmitContext(g, prefix, target, viewOffsets, viewExternal, viewPlan, viewOpBase, viewShapes,
                viewPads, out);
    }

    /** The target the code is generated for (kernel variants follow its features). */
    public Target target() {
        return target;
    }

    /** The padding override of an op in this view, or {@code null} (see {@link #view}). */
    public int[] padsOf(int op) {
        return pads.get(op);
    }

    /** Whether the planner has this op write its output over its input. */
    public boolean inPlace(int op) {
        return plan != null && plan.inPlace().contains(op);
    }

    /**
     * Whether the plan gives the op a scratch buffer. A patch stage's view has no plan: its ops get none,
     * and a kernel whose scratch only selects a faster path (CONV_2D with DSP) runs its plain path there.
     */
    public boolean hasScratch(int op) {
        return plan != null && plan.scratchOffset(op) >= 0;
    }

    /** The bytes of the op's scratch buffer as planned (0 without a plan or scratch). */
    public long scratchBytes(int op) {
        return plan == null ? 0 : plan.scratchBytes(op);
    }

    /** Expression for an op's scratch buffer in the arena. */
    public String scratch(int op) {
        if (plan == null || plan.scratchOffset(op) < 0) {
            throw new IllegalStateException("op " + (opBase + op) + " has no scratch buffer");
        }
        return "(" + prefix + "_arena + " + scratchName(op) + ")";
    }

    /** The named constant for an op's scratch offset. */
    String scratchName(int op) {
        return (prefix + "_scratch_op_" + (opBase + op)).toUpperCase(Locale.ROOT);
    }

    Graph graph() {
        return graph;
    }

    /** A tensor as this view sees it (a tile's shape inside the patch stage). */
    public Tensor tensor(String name) {
        Tensor t = shapes.get(name);
        return t != null ? t : graph.tensor(name);
    }

    public Quant quant(String name) {
        return graph.tensor(name).quant();
    }

    /**
     * The named constant for an arena offset: from the tensor's {@link #readable} name, and unique, so
     * that tensors whose names differ only in punctuation ({@code a/b}, {@code a_b}) get two constants
     * rather than one defined twice.
     */
    String offsetName(String tensor) {
        return out.offsetNames.computeIfAbsent(tensor, t -> {
            String base = (prefix + "_off_" + readable(t)).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_")
                    .replaceAll("_+$", "");
            String name = base;
            for (int i = 2; !out.macros.add(name); i++) {
                name = base + "_" + i;
            }
            return name;
        });
    }

    /**
     * The part of a tensor name worth putting in C: the TFLite converter names a fused layer by all its
     * parts joined with ';' ({@code seq/conv2d/Relu6;seq/conv2d/BiasAdd;seq/conv2d/Conv2D}), of which
     * the first says it; the full name stays in the comments.
     */
    static String readable(String name) {
        int semicolon = name.indexOf(';');
        return semicolon > 0 ? name.substring(0, semicolon) : name;
    }

    /** Expression for an activation's place: in the arena, or the caller's buffer. */
    public String arena(String tensor) {
        if (external.containsKey(tensor)) {
            return external.get(tensor);
        }
        if (!offsets.containsKey(tensor)) {
            throw new IllegalStateException("tensor " + tensor + " has no arena slot");
        }
        return "(" + prefix + "_arena + " + offsetName(tensor) + ")";
    }

    /**
     * Expression for an activation's place as a pointer of its element type: {@link #arena} for int8 and
     * float tensors, {@code (int16_t *)} in front for int16 ones (the arena is word-aligned, and int16
     * tensors sit at word-aligned offsets in it).
     */
    public String typedArena(String tensor) {
        String place = arena(tensor);
        return graph.tensor(tensor).dtype() == dev.tinyforge.ir.DType.INT16 && !external.containsKey(tensor)
                ? "(int16_t *)" + place : place;
    }

    /** A C identifier for a name: prefix, then the name with every other character an underscore. */
    String identifier(String name) {
        String base = prefix + "_" + readable(name).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                .replaceAll("_+$", "");
        String id = base;
        for (int i = 2; !out.identifiers.add(id); i++) {
            id = base + "_" + i;
        }
        return id;
    }

    /** Declares a const int8 array for a constant tensor (once) and returns its name. */
    public String int8Array(Tensor t) {
        return out.constantNames.computeIfAbsent(t.name(), n -> {
            String id = identifier(n);
            byte[] v = t.int8s();
            int[] values = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                values[i] = v[i];
            }
            array("int8_t", 1, id, values, "/* " + n + " " + Arrays.toString(t.shape()) + " */");
            return id;
        });
    }

    /** Declares a const int32 array for a constant tensor (once) and returns its name. */
    public String int32Array(Tensor t) {
        return out.constantNames.computeIfAbsent(t.name(), n -> {
            String id = identifier(n);
            array("int32_t", 4, id, t.ints(), "/* " + n + " " + Arrays.toString(t.shape()) + " */");
            return id;
        });
    }

    /** Declares a const int64 array for a constant tensor (once) and returns its name: 16x8 biases. */
    public String int64Array(Tensor t) {
        return out.constantNames.computeIfAbsent(t.name(), n -> {
            String id = identifier(n);
            StringBuilder c = out.constants;
            long[] v = t.int64s();
            c.append("/* ").append(n).append(' ').append(Arrays.toString(t.shape())).append(" */\n");
            c.append("static const int64_t ").append(id).append('[').append(v.length).append("] = {");
            for (int i = 0; i < v.length; i++) {
                // INT64_C keeps every literal within the type whatever the size of long
                c.append(i % 8 == 0 ? "\n    " : " ")
                        .append(v[i] == Long.MIN_VALUE ? "(-INT64_C(9223372036854775807) - 1)" : "INT64_C(" + v[i] + ")")
                        .append(i + 1 < v.length ? "," : "");
            }
            c.append("\n};\n\n");
            out.constantBytes += 8L * v.length;
            return id;
        });
    }

    /**
     * Declares a const int16 table (lookup tables) of a tensor's layer, named after the tensor and what it
     * holds, once per name and content, and returns its name.
     */
    public String int16Table(String tensor, String what, int[] values) {
        String name = readable(tensor) + "_" + what;
        return out.tables.computeIfAbsent("int16_t " + name + Arrays.toString(values), k -> {
            String id = identifier(name);
            array("int16_t", 2, id, values, null);
            return id;
        });
    }

    /**
     * Declares a const int8 table (lookup tables) of a tensor's layer, named after the tensor and what
     * it holds ({@code what}, e.g. "table"), once per name and content, and returns its name.
     */
    public String int8Table(String tensor, String what, int[] values) {
        String name = readable(tensor) + "_" + what;
        return out.tables.computeIfAbsent("int8_t " + name + Arrays.toString(values), k -> {
            String id = identifier(name);
            array("int8_t", 1, id, values, null);
            return id;
        });
    }

    /**
     * Declares a const int32 table (multipliers, shifts, pads) of a tensor's layer, named after the
     * tensor and what it holds, once per name and content, and returns its name.
     */
    public String int32Table(String tensor, String what, int[] values) {
        String name = readable(tensor) + "_" + what;
        return out.tables.computeIfAbsent("int32_t " + name + Arrays.toString(values), k -> {
            String id = identifier(name);
            array("int32_t", 4, id, values, null);
            return id;
        });
    }

    /**
     * Declares a const double table (hexadecimal literals, exact in C) of a tensor's layer, named after the
     * tensor and what it holds, once per name and content; returns its name.
     */
    public String doubleTable(String tensor, String what, double[] values) {
        String name = readable(tensor) + "_" + what;
        return out.tables.computeIfAbsent("double " + name + Arrays.toString(values), k -> {
            String id = identifier(name);
            StringBuilder c = out.constants;
            c.append("static const double ").append(id).append('[').append(values.length).append("] = {");
            for (int i = 0; i < values.length; i++) {
                c.append(i % 4 == 0 ? "\n    " : " ").append(Double.toHexString(values[i]))
                        .append(i + 1 < values.length ? "," : "");
            }
            c.append("\n};\n\n");
            out.constantBytes += 8L * values.length;
            return id;
        });
    }

    /** Declares a const float table of a tensor's layer given as IEEE bit patterns (exact in C) and returns its name. */
    public String floatTable(String tensor, String what, int[] bits) {
        String id = identifier(readable(tensor) + "_" + what);
        StringBuilder c = out.constants;
        c.append("static const float ").append(id).append('[').append(bits.length).append("] = {");
        for (int i = 0; i < bits.length; i++) {
            float f = Float.intBitsToFloat(bits[i]);
            c.append(i % 6 == 0 ? "\n    " : " ").append(Float.toHexString(f)).append('f')
                    .append(i + 1 < bits.length ? "," : "");
        }
        c.append("\n};\n\n");
        out.constantBytes += 4L * bits.length;
        return id;
    }

    private void array(String type, int elementBytes, String id, int[] values, String comment) {
        StringBuilder c = out.constants;
        if (comment != null) {
            c.append(comment).append('\n');
        }
        c.append("static const ").append(type).append(' ').append(id).append('[').append(values.length)
                .append("] = {");
        for (int i = 0; i < values.length; i++) {
            c.append(i % 16 == 0 ? "\n    " : " ").append(values[i]).append(i + 1 < values.length ? "," : "");
        }
        c.append("\n};\n\n");
        out.constantBytes += (long) elementBytes * values.length;
    }

    /**
     * The per-channel requantization tables of a convolution or fully connected layer (input, weights,
     * output quantization of {@code op}), declared as two int32 tables: {multiplier, shift} names.
     */
    public String[] perChannelTables(Op op, int channels) {
        Requantization.Multiplier[] m = Requantization.perChannel(quant(op.input(0)), quant(op.input(1)),
                quant(op.output()), channels);
        int[] mult = new int[channels];
        int[] shift = new int[channels];
        for (int c = 0; c < channels; c++) {
            mult[c] = m[c].multiplier();
            shift[c] = m[c].shift();
        }
        return new String[] {int32Table(op.output(), "multiplier", mult), int32Table(op.output(), "shift", shift)};
    }

    /**
     * The layer's call: its statements and the kernel functions they call (the sources, helpers
     * included, come from the {@link KernelLibrary}), with the constant bytes declared since the layer
     * began and the scratch bytes the plan gave it.
     */
    public KernelCall call(String summary, String code, String... kernels) {
        int op = out.layerOp;
        out.kernels.addAll(List.of(kernels));
        long scratch = plan == null ? 0 : plan.scratchBytes(op - opBase);
        return new KernelCall(op, summary, code, KernelLibrary.sources(List.of(kernels)),
                out.constantBytes - out.layerStart, scratch, null);
    }

    /** Records that the model's own code calls a kernel (copies at the boundaries, patch tiles). */
    void use(String kernel) {
        out.kernels.add(kernel);
    }

    /** Starts the layer of op {@code index} (of this view): constants declared from here count for it. */
    void begin(int index) {
        out.layerOp = opBase + index;
        out.layerStart = out.constantBytes;
    }

    /**
     * Has every layer end with {@code tfg_profile_layer(<op>)}, which the firmware harness supplies to time
     * the model op by op ({@code bench --layers}); code generated without it is unchanged.
     */
    void profileLayers() {
        out.profile = true;
    }

    /** Appends a layer: its comment line, then its statements in a block. */
    void layer(Op op, KernelCall call) {
        out.body.append("    /* op ").append(call.op()).append(": ").append(op.kind()).append(" '")
                .append(op.output()).append("' ").append(call.summary()).append(" */\n");
        out.body.append("    {\n");
        for (String line : call.code().split("\n")) {
            out.body.append("        ").append(line).append('\n');
        }
        out.body.append("    }\n");
        if (out.profile) {
            out.body.append("    ").append(PROFILE_HOOK).append('(').append(call.op()).append(");\n");
        }
    }

    /** Appends a statement or comment line to the invoke function's body. */
    void line(String text) {
        out.body.append("    ").append(text).append('\n');
    }

    String constants() {
        return out.constants.toString();
    }

    String body() {
        return out.body.toString();
    }

    /** Every kernel function the model calls so far. */
    Set<String> kernels() {
        return out.kernels;
    }

    /** A C float literal that reads back as exactly {@code f} (hexadecimal, C99). */
    public static String floatLiteral(float f) {
        return Float.toHexString(f) + "f";
    }

    /** A {@code tfg_dims} compound literal for a shape, padded on the left with 1s to four dimensions. */
    public static String dims(int[] shape) {
        int[] d = {1, 1, 1, 1};
        System.arraycopy(shape, 0, d, 4 - shape.length, shape.length);
        return "&(tfg_dims){" + d[0] + ", " + d[1] + ", " + d[2] + ", " + d[3] + "}";
    }

    /** A shape as {@code [1,96,96,3]}, for layer comments. */
    public static String shape(Tensor t) {
        return Arrays.toString(t.shape()).replace(" ", "");
    }

    /** The refusal of one op instance, naming its index, kind and output. */
    public static UnsupportedOpException refuse(int index, Op op, String reason) {
        return new UnsupportedOpException("op " + index + " " + op.kind() + " '" + op.output() + "': " + reason);
    }

    /** Refuses an op whose kernel copies values when its input and output quantization differ. */
    public static void requireSameQuant(int index, Op op, Quant in, Quant outQuant) {
        if (in.scale() != outQuant.scale() || in.zeroPoint() != outQuant.zeroPoint()) {
            throw refuse(index, op, "input and output quantization differ (" + in + " vs " + outQuant
                    + "); the C kernel copies values and needs them equal");
        }
    }
}
