package dev.tinyforge.ir;

import java.util.List;

/**
 * One kind of operation, as the IR sees it: its name (TFLite's builtin name), the attribute record
 * it takes, its arity, its shape rule and its MAC count. Every other fact about an op (its
 * {@code .tflite} codec, float reference, quantization rule, C emission, memory rule) is a facet
 * interface of its own package that the same class implements; the classes live in
 * {@code dev.tinyforge.ops}, one per op, and {@link OpRegistry} finds them, so the IR never names
 * an op.
 *
 * <p>Op types are stateless singletons: each class holds its one instance in a
 * {@code public static final} field named {@code OP}, so {@code op.kind() == Conv2d.OP} compares
 * identities.
 *
 * <p>MAC convention (used by every report and by the search): a convolution costs
 * {@code Hout·Wout·Cout·Kh·Kw·Cin/groups} multiply-accumulates, a fully connected layer
 * {@code N·Cin·Cout}; element-wise ops, pools, reductions and data movement count 0.
 */
public abstract class OpType {
    private final String name;

    protected OpType(String name) {
        this.name = name;
    }

    /** TFLite's builtin name, e.g. {@code CONV_2D}; also what reports and errors print. */
    public final String name() {
        return name;
    }

    @Override
    public final String toString() {
        return name;
    }

    /** The {@link OpParams} record this op takes. */
    public abstract Class<? extends OpParams> paramsType();

    /** Smallest number of inputs. */
    public abstract int minInputs();

    /** Largest number of inputs ({@code Integer.MAX_VALUE} for variadic ops). */
    public int maxInputs() {
        return minInputs();
    }

    /**
     * Output shapes for the given inputs.
     *
     * @throws IllegalArgumentException naming what is wrong, when the inputs or attributes do not fit
     */
    public abstract List<int[]> inferShapes(Op op, List<Tensor> inputs);

    /** The element type of output {@code index}: the first input's, unless the op converts (QUANTIZE). */
    public DType outputType(Op op, List<Tensor> inputs, int index) {
        return inputs.get(0).dtype();
    }

    /** Multiply-accumulates of one inference (see the class comment for the convention). */
    public long macs(Op op, List<Tensor> inputs, List<Tensor> outputs) {
        return 0;
    }

    /** An error naming this op's output, for shape rules. */
    public static IllegalArgumentException error(Op op, String message) {
        return new IllegalArgumentException(op.kind() + " '" + op.output() + "': " + message);
    }
}
