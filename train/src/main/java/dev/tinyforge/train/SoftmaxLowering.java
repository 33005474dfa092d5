package dev.tinyforge.train;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ops.Softmax;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** SOFTMAX over the IR's last axis, of {@code beta·x}; or LOG_SOFTMAX (beta 1). */
final class SoftmaxLowering implements OpLowering {
    private final boolean log;

    SoftmaxLowering(boolean log) {
        this.log = log;
    }

    @Override
    public TorchLayer lower(Op op, LoweringContext ctx) {
        float beta = log ? 1f : op.params(Softmax.Params.class).beta();
        long dim = Layout.torchAxis(-1, ctx.shape(op.input(0)).length);
        Operand x = ctx.operand(op, op.input(0));
        return (activations, training) -> {
            Tensor in = x.in(activations);
            Tensor scaled = beta == 1f ? in : in.mul(TorchTensors.scalar(beta));
            return log ? torch.log_softmax(scaled, dim) : torch.softmax(scaled, dim);
        };
    }
}
