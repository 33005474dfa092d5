package dev.tinyforge.ir;

import java.util.List;
import java.util.Objects;

/**
 * One operation of a graph: its kind (an {@link OpType}), the names of its input tensors in TFLite's order (CONV_2D:
 * input, filter, bias), the names of its outputs and its attributes.
 */
public record Op(OpType kind, List<String> inputs, List<String> outputs, OpParams params) {

    public Op {
        Objects.requireNonNull(kind, "kind");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        Objects.requireNonNull(params, "params");
        if (!kind.paramsType().isInstance(params)) {
            throw new IllegalArgumentException(kind + " takes " + kind.paramsType().getSimpleName()
                    + " attributes, got " + params.getClass().getSimpleName());
        }
    }

    /** The single (first) output's name, which also names the op in reports. */
    public String output() {
        return outputs.get(0);
    }

    public String input(int i) {
        return inputs.get(i);
    }

    /** The params cast to the expected record type. */
    public <P extends OpParams> P params(Class<P> type) {
        return type.cast(params);
    }
}
