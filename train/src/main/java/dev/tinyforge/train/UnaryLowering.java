package dev.tinyforge.train;

import dev.tinyforge.ir.Op;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;

/** Element-wise ops without attributes (LOGISTIC, RELU, RELU6, HARD_SWISH): one torch function each. */
final class UnaryLowering implements OpLowering {
    private final UnaryOperator<Tensor> function;

    UnaryLowering(UnaryOperator<Tensor> function) {
        this.function = function;
    }

    @Override
    public TorchLayer lower(Op op, LoweringContext ctx) {
        Operand x = ctx.operand(op, op.input(0));
        return (activations, training) -> function.apply(x.in(activations));
    }
}
