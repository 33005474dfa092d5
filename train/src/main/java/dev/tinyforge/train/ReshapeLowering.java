package dev.tinyforge.train;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ops.Reshape;
import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;

/**
 * RESHAPE of each sample: the IR's row-major NHWC order is reshaped, so the result holds the same
 * values in the same order as TFLite's, whatever torch's layout of the input.
 */
final class ReshapeLowering implements OpLowering {
    @Override
    public TorchLayer lower(Op op, LoweringContext ctx) {
        int[] target = op.params(Reshape.Params.class).shape();
        int[] in = ctx.shape(op.input(0));
        if (target.length == 0 || target[0] != 1 || in.length == 0 || in[0] != 1) {
            throw new IllegalArgumentException(op.kind() + " '" + op.output() + "' reshapes "
                    + Arrays.toString(in) + " to " + Arrays.toString(target)
                    + "; the trainer needs a batch dimension of 1 on both sides, to batch along it");
        }
        long[] shape = TorchTensors.longs(target);
        Operand x = ctx.operand(op, op.input(0));
        return (activations, training) -> {
            Tensor v = x.in(activations);
            long[] batched = shape.clone();
            batched[0] = v.size(0);
            return Layout.fromIr(Layout.toIr(v).reshape(batched));
        };
    }
}
