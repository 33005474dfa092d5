package dev.tinyforge.cgen;

import dev.tinyforge.ir.Op;

/** Lowers one op family to a call of its C kernel. */
@FunctionalInterface
interface OpEmitter {
    /**
     * Writes the layer into the context.
     *
     * @throws UnsupportedOpException with the reason when this instance of the op cannot be lowered
     */
    void emit(EmitContext ctx, int index, Op op);
}
