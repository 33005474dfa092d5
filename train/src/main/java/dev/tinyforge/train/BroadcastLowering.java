package dev.tinyforge.train;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ops.BroadcastOp;
import java.util.function.BinaryOperator;
import org.bytedeco.pytorch.Tensor;

/**
 * ADD and MUL with the IR's broadcasting (both operands in the same layout, so NHWC broadcasting is
 * NCHW broadcasting) and the fused activation.
 */
final class BroadcastLowering implements OpLowering {
    private final BinaryOperator<Tensor> operation;

    BroadcastLowering(BinaryOperator<Tensor> operation) {
        this.operation = operation;
    }

    @Override
    public TorchLayer lower(Op op, LoweringContext ctx) {
        int rank = ctx.shape(op.output()).length;
        Operand a = ctx.operand(op, op.input(0), rank);
        Operand b = ctx.operand(op, op.input(1), rank);
        BroadcastOp.Params p = op.params(BroadcastOp.Params.class);
        return (activations, training) -> FusedActivation.apply(
                operation.apply(a.in(activations), b.in(activations)), p.activation());
    }
}
