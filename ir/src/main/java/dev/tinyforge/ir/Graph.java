package dev.tinyforge.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable dataflow graph in execution order: named tensors, ops, graph inputs and outputs,
 * and string metadata (provenance: tool version, architecture config, seed).
 *
 * <p>Construction checks what every later stage relies on: each tensor is produced once, before it
 * is read; constants are never produced; op arity and attribute types are right; and every declared
 * output shape equals the one the op's {@link OpType} infers.
 */
public final class Graph {
    private final String name;
    private final Map<String, Tensor> tensors;
    private final List<Op> ops;
    private final List<String> inputs;
    private final List<String> outputs;
    private final Map<String, String> metadata;

    public Graph(String name, List<Tensor> tensors, List<Op> ops, List<String> inputs, List<String> outputs,
            Map<String, String> metadata) {
        this.name = name;
        LinkedHashMap<String, Tensor> byName = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            if (byName.put(t.name(), t) != null) {
                throw new IllegalArgumentException("graph " + name + ": two tensors are named '" + t.name() + "'");
            }
        }
        this.tensors = Collections.unmodifiableMap(byName);
        this.ops = List.copyOf(ops);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        validate();
    }

    private void validate() {
        Set<String> available = new HashSet<>();
        for (String in : inputs) {
            Tensor t = require(in, "graph input");
            if (t.isConstant()) {
                throw new IllegalArgumentException("graph " + name + ": input '" + in + "' is a constant");
            }
            available.add(in);
        }
        for (Tensor t : tensors.values()) {
            if (t.isConstant()) {
                available.add(t.name());
            }
        }
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            OpType def = op.kind();
            if (op.inputs().size() < def.minInputs() || op.inputs().size() > def.maxInputs()) {
                throw new IllegalArgumentException("op " + i + " " + op.kind() + " '" + op.output() + "': takes "
                        + (def.minInputs() == def.maxInputs() ? String.valueOf(def.minInputs())
                                : def.minInputs() + ".." + def.maxInputs())
                        + " inputs, got " + op.inputs().size());
            }
            List<Tensor> in = new ArrayList<>();
            for (String n : op.inputs()) {
                Tensor t = require(n, "input of op " + i + " " + op.kind());
                if (!available.contains(n)) {
                    throw new IllegalArgumentException("op " + i + " " + op.kind() + " reads '" + n
                            + "' before any op produces it");
                }
                in.add(t);
            }
            List<int[]> shapes = def.inferShapes(op, in);
            if (shapes.size() != op.outputs().size()) {
                throw new IllegalArgumentException("op " + i + " " + op.kind() + " has " + op.outputs().size()
                        + " outputs, expected " + shapes.size());
            }
            for (int o = 0; o < shapes.size(); o++) {
                String n = op.outputs().get(o);
                Tensor t = require(n, "output of op " + i + " " + op.kind());
                if (t.isConstant() || !available.add(n)) {
                    throw new IllegalArgumentException("op " + i + " " + op.kind() + " writes '" + n
                            + "', which is a constant or already produced");
                }
                if (!Arrays.equals(t.shape(), shapes.get(o))) {
                    throw new IllegalArgumentException("op " + i + " " + op.kind() + " '" + n + "' is declared "
                            + Arrays.toString(t.shape()) + " but its inputs give " + Arrays.toString(shapes.get(o)));
                }
            }
        }
        for (String out : outputs) {
            require(out, "graph output");
            if (!available.contains(out)) {
                throw new IllegalArgumentException("graph " + name + ": output '" + out + "' is never produced");
            }
        }
    }

    private Tensor require(String tensorName, String role) {
        Tensor t = tensors.get(tensorName);
        if (t == null) {
            throw new IllegalArgumentException("graph " + name + ": " + role + " '" + tensorName
                    + "' is not a tensor of the graph");
        }
        return t;
    }

    public String name() {
        return name;
    }

    /** All tensors in insertion order. */
    public List<Tensor> tensors() {
        return List.copyOf(tensors.values());
    }

    public Tensor tensor(String tensorName) {
        return require(tensorName, "tensor");
    }

    public List<Op> ops() {
        return ops;
    }

    public List<String> inputs() {
        return inputs;
    }

    public List<String> outputs() {
        return outputs;
    }

    public Tensor input(int i) {
        return tensor(inputs.get(i));
    }

    public Tensor output(int i) {
        return tensor(outputs.get(i));
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensors an op reads, in order. */
    public List<Tensor> inputsOf(Op op) {
        List<Tensor> in = new ArrayList<>(op.inputs().size());
        for (String n : op.inputs()) {
            in.add(tensors.get(n));
        }
        return in;
    }

    /** The tensors an op writes, in order. */
    public List<Tensor> outputsOf(Op op) {
        List<Tensor> out = new ArrayList<>(op.outputs().size());
        for (String n : op.outputs()) {
            out.add(tensors.get(n));
        }
        return out;
    }

    /** The op that writes a tensor, or {@code null} for graph inputs and constants. */
    public Op producer(String tensorName) {
        for (Op op : ops) {
            if (op.outputs().contains(tensorName)) {
                return op;
            }
        }
        return null;
    }

    /** The ops that read a tensor, in execution order. */
    public List<Op> consumers(String tensorName) {
        List<Op> c = new ArrayList<>();
        for (Op op : ops) {
            if (op.inputs().contains(tensorName)) {
                c.add(op);
            }
        }
        return c;
    }

    /** Multiply-accumulates of one op (convention in {@link OpType}). */
    public long macs(Op op) {
        return op.kind().macs(op, inputsOf(op), outputsOf(op));
    }

    /** Multiply-accumulates of one inference. */
    public long macs() {
        long n = 0;
        for (Op op : ops) {
            n += macs(op);
        }
        return n;
    }

    /** Learned parameters of one op: the elements of its constant inputs (weights and biases). */
    public long params(Op op) {
        long n = 0;
        for (Tensor t : inputsOf(op)) {
            if (t.isConstant()) {
                n += t.elements();
            }
        }
        return n;
    }

    /** Learned parameters of the graph, each constant counted once even when shared. */
    public long params() {
        long n = 0;
        Set<String> seen = new HashSet<>();
        for (Op op : ops) {
            for (Tensor t : inputsOf(op)) {
                if (t.isConstant() && seen.add(t.name())) {
                    n += t.elements();
                }
            }
        }
        return n;
    }

    /** Whether the graph's inputs and outputs are int8 (a fully-int8 model). */
    public boolean isInt8() {
        return tensors.values().stream().anyMatch(t -> t.dtype() == DType.INT8);
    }

    /** A builder holding this graph's contents, for passes that rewrite it. */
    public GraphBuilder toBuilder() {
        GraphBuilder b = new GraphBuilder(name);
        for (Tensor t : tensors.values()) {
            b.tensor(t);
        }
        for (Op op : ops) {
            b.op(op);
        }
        b.inputs(inputs);
        b.outputs(outputs);
        metadata.forEach(b::metadata);
        return b;
    }

    @Override
    public String toString() {
        return "Graph " + name + " (" + ops.size() + " ops, " + tensors.size() + " tensors)";
    }
}
