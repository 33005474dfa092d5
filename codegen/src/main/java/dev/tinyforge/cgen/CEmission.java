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
}
