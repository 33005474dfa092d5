package dev.tinyforge.cgen;

import dev.tinyforge.ir.Op;

/**
 * The C facet of an op: lowering one instance to a call of its kernel. The op writes its constants
 * and parameter blocks through the {@link EmitContext} and returns {@link EmitContext#call}'s
 * result; {@link CEmitter} places the layer. Ops without this facet are refused at compile time.
 */
public interface CEmission {
    /**
     * The op's layer.
     *
     * @param index the op's index in the graph (for names and messages)
     * @throws UnsupportedOpException with the reason when this instance of the op cannot be lowered
     */
    KernelCall emit(EmitContext ctx, int index, Op op);

    /**
     * Whether {@link #emit} also lowers the op with int16 activations (TFLite's 16x8 mode: int16
     * activations, int8 weights, int64 biases) to its {@code _s16} kernels. {@link CEmitter} refuses an op
     * with int16 tensors whose emission does not.
     */
    default boolean emits16x8() {
        return false;
    }
}
