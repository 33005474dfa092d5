package dev.tinyforge.exec;

import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a float graph in Java with TFLite's float semantics: the calibration engine of post-training
 * quantization and the source of batch-norm statistics for randomly initialised networks. It keeps
 * TinyForge's quantization independent of any interpreter; its agreement with TFLite's float kernels
 * is tested op by op.
 */
public final class FloatExecutor {
    private final Graph graph;
    private final Map<String, float[]> constants = new HashMap<>();

    public FloatExecutor(Graph graph) {
        this.graph = graph;
        for (Tensor t : graph.tensors()) {
            if (t.isConstant()) {
                if (t.dtype() != DType.FLOAT32) {
                    throw new IllegalArgumentException("the float executor runs float graphs; constant '" + t.name()
                            + "' of graph " + graph.name() + " is " + t.dtype());
                }
                constants.put(t.name(), t.floats());
            } else if (t.dtype() != DType.FLOAT32) {
                throw new IllegalArgumentException("the float executor runs float graphs; tensor '" + t.name()
                        + "' of graph " + graph.name() + " is " + t.dtype());
            }
        }
    }

    public Graph graph() {
        return graph;
    }

    /** Runs the graph and returns its outputs in order. */
    public List<float[]> run(List<float[]> inputs) {
        Map<String, float[]> all = runAll(inputs);
        List<float[]> out = new ArrayList<>();
        for (String o : graph.outputs()) {
            out.add(all.get(o));
        }
        return out;
    }

    /** Runs the graph and returns every activation (graph inputs first, then op outputs in execution order). */
    public Map<String, float[]> runAll(List<float[]> inputs) {
        Map<String, float[]> values = bind(inputs);
        for (Op op : graph.ops()) {
            values.put(op.output(), runOp(op, values, true));
        }
        return values;
    }

    /** Checks and binds the graph inputs: the starting value map of a run. */
    public Map<String, float[]> bind(List<float[]> inputs) {
        if (inputs.size() != graph.inputs().size()) {
            throw new IllegalArgumentException("graph " + graph.name() + " takes " + graph.inputs().size()
                    + " inputs, got " + inputs.size());
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor t = graph.input(i);
            if (inputs.get(i).length != t.elements()) {
                throw new IllegalArgumentException("input '" + t.name() + "' of graph " + graph.name() + " takes "
                        + t.elements() + " values (shape " + java.util.Arrays.toString(t.shape()) + "), got "
                        + inputs.get(i).length);
            }
            values.put(t.name(), inputs.get(i));
        }
        return values;
    }

    /**
     * Computes one op from the values computed so far.
     *
     * @param applyActivation false to get a convolution's pre-activation output (batch-norm statistics)
     */
    public float[] runOp(Op op, Map<String, float[]> values, boolean applyActivation) {
        List<Tensor> in = graph.inputsOf(op);
        List<float[]> v = new ArrayList<>(in.size());
        for (Tensor t : in) {
            float[] value = t.isConstant() ? constants.get(t.name()) : values.get(t.name());
            if (value == null) {
                throw new IllegalStateException("op " + op.kind() + " '" + op.output() + "' needs '" + t.name()
                        + "', which has no value yet");
            }
            v.add(value);
        }
        if (!(op.kind() instanceof FloatReference f)) {
            throw new IllegalStateException(op.kind() + " has no float reference (see CONTRIBUTING.md)");
        }
        return f.compute(op, in, v, graph.tensor(op.output()), applyActivation);
    }
}
