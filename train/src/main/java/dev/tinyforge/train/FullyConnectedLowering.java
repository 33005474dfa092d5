package dev.tinyforge.train;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.FullyConnected;
import org.bytedeco.pytorch.global.torch;

/**
 * FULLY_CONNECTED as {@code torch.linear} on one row per sample (the input flattened in the IR's
 * NHWC order, as TFLite flattens it), with the spec's dropout in front when the layer computes a
 * head's logits, then the batch norm when it has one and the fused activation.
 */
final class FullyConnectedLowering implements OpLowering {
    @Override
    public TorchLayer lower(Op op, LoweringContext ctx) {
        int[] in = ctx.shape(op.input(0));
        int[] w = ctx.shape(op.input(1));
        if (in[0] != 1 || Tensor.elements(in) != w[1]) {
            throw new IllegalArgumentException(op.kind() + " '" + op.output() + "': input "
                    + java.util.Arrays.toString(in) + " is not one row of " + w[1]
                    + " per sample; the trainer batches along dimension 0");
        }
        Operand x = ctx.operand(op, op.input(0));
        Parameter weights = ctx.weight(op, op.input(1), WeightLayout.AS_IS, true);
        java.util.function.Supplier<org.bytedeco.pytorch.Tensor> matrix = ctx.weightValue(op, weights);
        BatchNormLayer bn = ctx.batchNorm(op);
        Operand bias = ctx.bias(op, bn != null);
        double dropout = ctx.isHead(op) ? ctx.hints().dropout() : 0;
        FullyConnected.Params p = op.params(FullyConnected.Params.class);
        long features = w[1];
        return (activations, training) -> {
            org.bytedeco.pytorch.Tensor rows = x.in(activations);
            rows = Layout.toIr(rows).reshape(rows.size(0), features);
            if (dropout > 0) {
                rows = torch.dropout(rows, dropout, training);
            }
            org.bytedeco.pytorch.Tensor y = torch.linear(rows, matrix.get(),
                    TorchTensors.optional(bias.in(activations)));
            if (bn != null) {
                y = bn.apply(y, training);
            }
            return FusedActivation.apply(y, p.activation());
        };
    }
}
