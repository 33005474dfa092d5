package dev.tinyforge.cgen;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.MemoryPlan;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What op emitters write into: named {@code const} arrays for weights and tables, the arena offsets
 * of activations (named constants), and the body of the invoke function. Names are derived from
 * tensor names and kept unique, all prefixed with the model's prefix.
 */
final class EmitContext {
    private final Graph graph;
    private final String prefix;
    private final Map<String, Long> offsets;
    private final Map<String, String> external;
    private final MemoryPlan plan;
    private final int opBase;
    private final Map<String, Tensor> shapes;
    private final Map<Integer, int[]> pads;
    private final StringBuilder constants;
    private final StringBuilder body;
    private final Set<String> identifiers;
    private final Map<String, String> constantNames;
    private final Map<String, String> tables;

    /**
     * @param external tensors that live outside the arena, with the C expression naming them (float
     *     model inputs and outputs are read from and written to the caller's buffers directly)
     */
    EmitContext(Graph graph, String prefix, Map<String, Long> offsets, Map<String, String> external,
            MemoryPlan plan) {
        this(graph, prefix, offsets, external, plan, 0, Map.of(), Map.of(), new StringBuilder(), new StringBuilder(),
                new HashSet<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    private EmitContext(Graph graph, String prefix, Map<String, Long> offsets, Map<String, String> external,
            MemoryPlan plan, int opBase, Map<String, Tensor> shapes, Map<Integer, int[]> pads, StringBuilder constants,
            StringBuilder body, Set<String> identifiers, Map<String, String> constantNames,
            Map<String, String> tables) {
        this.graph = graph;
        this.prefix = prefix;
        this.offsets = offsets;
        this.external = external;
        this.plan = plan;
        this.opBase = opBase;
        this.shapes = shapes;
        this.pads = pads;
        this.constants = constants;
        this.body = body;
        this.identifiers = identifiers;
        this.constantNames = constantNames;
        this.tables = tables;
    }

    /**
     * Another view of the same output (constants, names and body are shared): how patch-based code
     * emits the stage on tiles and the rest of the graph from its own plan.
     *
     * @param plan the plan deciding in-place ops and scratch, or {@code null} for none
     * @param opBase added to op indices in comments and scratch names (the rest graph starts at 0)
     * @param shapes tensors seen with another shape (a patch's tiles), by name
     * @param pads per op index: {top, left} padding of a convolution or pool, or PAD's 8 paddings,
     *     replacing what the op's attributes give (tiles are padded only where they meet the image border)
     */
    EmitContext view(Graph g, Map<String, Long> viewOffsets, Map<String, String> viewExternal, MemoryPlan viewPlan,
            int viewOpBase, Map<String, Tensor> viewShapes, Map<Integer, int[]> viewPads) {
        return new EmitContext(g, prefix, viewOffsets, viewExternal, viewPlan, viewOpBase, viewShapes, viewPads,
                constants, body, identifiers, constantNames, tables);
    }

    /** The padding override of an op in this view, or {@code null} (see {@link #view}). */
    int[] padsOf(int op) {
        return pads.get(op);
    }

    /** Appends a statement or comment line to the invoke function's body. */
    void line(String text) {
        body.append("    ").append(text).append('\n');
    }

    /** Whether the planner has this op write its output over its input. */
    boolean inPlace(int op) {
        return plan != null && plan.inPlace().contains(op);
    }

    /** The named constant for an op's scratch offset. */
    String scratchName(int op) {
        return (prefix + "_scratch_op_" + (opBase + op)).toUpperCase(Locale.ROOT);
    }

    /** Expression for an op's scratch buffer in the arena. */
    String scratch(int op) {
        if (plan == null || plan.scratchOffset(op) < 0) {
            throw new IllegalStateException("op " + op + " has no scratch buffer");
        }
        return "(" + prefix + "_arena + " + scratchName(op) + ")";
    }

    Graph graph() {
        return graph;
    }

    Tensor tensor(String name) {
        Tensor t = shapes.get(name);
        return t != null ? t : graph.tensor(name);
    }

    Quant quant(String name) {
        return graph.tensor(name).quant();
    }

    String constants() {
        return constants.toString();
    }

    String body() {
        return body.toString();
    }

    /** A C identifier for a name: prefix, then the name with every other character an underscore. */
    String identifier(String name) {
        String base = prefix + "_" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("_+$", "");
        String id = base;
        for (int i = 2; !identifiers.add(id); i++) {
            id = base + "_" + i;
        }
        return id;
    }

    /** The named constant for an arena offset. */
    String offsetName(String tensor) {
        return (prefix + "_off_" + tensor).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    }

    /** Expression for an activation's place in the arena. */
    String arena(String tensor) {
        if (external.containsKey(tensor)) {
            return external.get(tensor);
        }
        if (!offsets.containsKey(tensor)) {
            throw new IllegalStateException("tensor " + tensor + " has no arena slot");
        }
        return "(" + prefix + "_arena + " + offsetName(tensor) + ")";
    }

    /** Declares a const int8 array for a constant tensor (once) and returns its name. */
    String int8Array(Tensor t) {
        return constantNames.computeIfAbsent(t.name(), n -> {
            String id = identifier(n);
            byte[] v = t.int8s();
            int[] values = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                values[i] = v[i];
            }
            array("int8_t", id, values, "/* " + n + " " + java.util.Arrays.toString(t.shape()) + " */");
            return id;
        });
    }

    /** Declares a const int32 array for a constant tensor (once) and returns its name. */
    String int32Array(Tensor t) {
        return constantNames.computeIfAbsent(t.name(), n -> {
            String id = identifier(n);
            array("int32_t", id, t.ints(), "/* " + n + " " + java.util.Arrays.toString(t.shape()) + " */");
            return id;
        });
    }

    /** Declares a const int8 table (lookup tables) once per name and content, and returns its name. */
    String int8Table(String name, int[] values) {
        return tables.computeIfAbsent("int8_t " + name + java.util.Arrays.toString(values), k -> {
            String id = identifier(name);
            array("int8_t", id, values, null);
            return id;
        });
    }

    /** Declares a const int32 table (multipliers, shifts, pads) once per name and content, and returns its name. */
    String int32Table(String name, int[] values) {
        return tables.computeIfAbsent("int32_t " + name + java.util.Arrays.toString(values), k -> {
            String id = identifier(name);
            array("int32_t", id, values, null);
            return id;
        });
    }

    /** Declares a const float table given as IEEE bit patterns (exact in C) and returns its name. */
    String floatTable(String name, int[] bits) {
        String id = identifier(name);
        constants.append("static const float ").append(id).append('[').append(bits.length).append("] = {");
        for (int i = 0; i < bits.length; i++) {
            float f = Float.intBitsToFloat(bits[i]);
            constants.append(i % 6 == 0 ? "\n    " : " ").append(Float.toHexString(f)).append('f')
                    .append(i + 1 < bits.length ? "," : "");
        }
        constants.append("\n};\n\n");
        return id;
    }

    private void array(String type, String id, int[] values, String comment) {
        if (comment != null) {
            constants.append(comment).append('\n');
        }
        constants.append("static const ").append(type).append(' ').append(id).append('[').append(values.length)
                .append("] = {");
        for (int i = 0; i < values.length; i++) {
            constants.append(i % 16 == 0 ? "\n    " : " ").append(values[i]).append(i + 1 < values.length ? "," : "");
        }
        constants.append("\n};\n\n");
    }

    /** A C float literal that reads back as exactly {@code f} (hexadecimal, C99). */
    static String floatLiteral(float f) {
        return Float.toHexString(f) + "f";
    }

    /** A {@code tfg_dims} compound literal for a shape, padded on the left with 1s to four dimensions. */
    static String dims(int[] shape) {
        int[] d = {1, 1, 1, 1};
        System.arraycopy(shape, 0, d, 4 - shape.length, shape.length);
        return "&(tfg_dims){" + d[0] + ", " + d[1] + ", " + d[2] + ", " + d[3] + "}";
    }

    /** Appends a layer: its comment line, then its statements in a block. */
    void layer(int index, Op op, String summary, String statements) {
        body.append("    /* op ").append(opBase + index).append(": ").append(op.kind()).append(" '").append(op.output())
                .append("' ").append(summary).append(" */\n");
        body.append("    {\n");
        for (String line : statements.split("\n")) {
            body.append("        ").append(line).append('\n');
        }
        body.append("    }\n");
    }
}
