package dev.tinyforge.ir;

import java.util.List;

/**
 * Everything the IR knows about one op family: its attribute type, arity, shape inference and MAC
 * count. One implementation per family lives in {@code dev.tinyforge.ir.ops}; {@link OpKind} maps
 * each TFLite builtin to one.
 *
 * <p>MAC convention (used by every report and by the search): a convolution costs
 * {@code Hout·Wout·Cout·Kh·Kw·Cin/groups} multiply-accumulates, a fully connected layer
 * {@code N·Cin·Cout}; element-wise ops, pools, reductions and data movement count 0.
 */
public interface OpDef {

    /** The {@link OpParams} record this op takes. */
    Class<? extends OpParams> paramsType();

    /** Smallest number of inputs. */
    int minInputs();

    /** Largest number of inputs ({@code Integer.MAX_VALUE} for variadic ops). */
    int maxInputs();

    /**
     * Output shapes for the given inputs.
     *
     * @throws IllegalArgumentException naming what is wrong, when the inputs or attributes do not fit
     */
    List<int[]> inferShapes(Op op, List<Tensor> inputs);

    /** Multiply-accumulates of one inference (see the class comment for the convention). */
    default long macs(Op op, List<Tensor> inputs, List<Tensor> outputs) {
        return 0;
    }
}
