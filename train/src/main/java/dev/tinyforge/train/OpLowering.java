package dev.tinyforge.train;

import dev.tinyforge.ir.Op;

/**
 * The PyTorch meaning of one op kind: turns an op of the graph into a {@link TorchLayer}, creating
 * its trainable parameters through the context. One small implementation per kind, registered in
 * {@link OpLowerings}.
 */
@FunctionalInterface
interface OpLowering {
    /**
     * @throws IllegalArgumentException naming the op, when it uses something the trainer cannot
     *     express (e.g. a reshape that mixes the batch into other dimensions)
     */
    TorchLayer lower(Op op, LoweringContext ctx);
}
