package dev.tinyforge.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutable assembly of a {@link Graph}. Ops added through {@link #add} get their output tensor
 * created from shape inference, so model code states only what it means: which op, which inputs,
 * which attributes.
 */
public final class GraphBuilder {
    private final String name;
    private final LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
    private final List<Op> ops = new ArrayList<>();
    private final List<String> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, Integer> nameCounters = new LinkedHashMap<>();

    public GraphBuilder(String name) {
        this.name = name;
    }

    /** Adds a graph input of the given shape and type. */
    public Tensor input(String tensorName, int[] shape, DType dtype, Quant quant) {
        Tensor t = tensor(Tensor.activation(tensorName, shape, dtype, quant));
        inputs.add(tensorName);
        return t;
    }

    /** Adds (or replaces) a tensor. */
    public Tensor tensor(Tensor t) {
        tensors.put(t.name(), t);
        return t;
    }

    public Tensor tensor(String tensorName) {
        Tensor t = tensors.get(tensorName);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named '" + tensorName + "' in " + name);
        }
        return t;
    }

    public boolean hasTensor(String tensorName) {
        return tensors.containsKey(tensorName);
    }

    /** Appends an op whose tensors are already added. */
    public GraphBuilder op(Op op) {
        ops.add(op);
        return this;
    }

    /**
     * Appends an op and creates its output tensor, typed as the op says (the first input's type,
     * except for type conversions) and shaped by the op's shape inference.
     *
     * @return the output tensor
     */
    public Tensor add(OpType kind, OpParams params, List<String> opInputs, String outputName) {
        Op op = new Op(kind, opInputs, List.of(outputName), params);
        List<Tensor> in = new ArrayList<>();
        for (String n : opInputs) {
            in.add(tensor(n));
        }
        int[] shape = kind.inferShapes(op, in).get(0);
        DType dtype = kind.outputType(op, in, 0);
        Tensor out = tensor(Tensor.activation(outputName, shape, dtype, null));
        ops.add(op);
        return out;
    }

    /** A tensor name not used yet: {@code prefix}, or {@code prefix_1}, {@code prefix_2}, … */
    public String uniqueName(String prefix) {
        String candidate = prefix;
        int n = nameCounters.getOrDefault(prefix, 0);
        while (tensors.containsKey(candidate)) {
            n++;
            candidate = prefix + "_" + n;
        }
        nameCounters.put(prefix, n);
        return candidate;
    }

    public GraphBuilder inputs(List<String> names) {
        inputs.clear();
        inputs.addAll(names);
        return this;
    }

    public GraphBuilder outputs(List<String> names) {
        outputs.clear();
        outputs.addAll(names);
        return this;
    }

    public GraphBuilder output(String tensorName) {
        outputs.add(tensorName);
        return this;
    }

    public GraphBuilder metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public List<Op> ops() {
        return List.copyOf(ops);
    }

    /**
     * Builds the graph, keeping only tensors that an op or the graph's interface uses, in the order
     * inputs, then per op its inputs and outputs: the order the exporter writes.
     */
    public Graph build() {
        LinkedHashMap<String, Tensor> used = new LinkedHashMap<>();
        for (String n : inputs) {
            used.put(n, tensor(n));
        }
        for (Op op : ops) {
            for (String n : op.inputs()) {
                used.putIfAbsent(n, tensor(n));
            }
            for (String n : op.outputs()) {
                used.putIfAbsent(n, tensor(n));
            }
        }
        for (String n : outputs) {
            used.putIfAbsent(n, tensor(n));
        }
        return new Graph(name, new ArrayList<>(used.values()), ops, inputs, outputs, metadata);
    }
}
