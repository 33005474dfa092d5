package dev.tinyforge.train;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ops.Transpose;
import java.util.Arrays;

/** TRANSPOSE of the IR's axes, applied to the NHWC view; the batch must stay in front. */
final class TransposeLowering implements OpLowering {
    @Override
    public TorchLayer lower(Op op, LoweringContext ctx) {
        int[] perm = op.params(Transpose.Params.class).perm();
        if (perm.length == 0 || perm[0] != 0) {
            throw new IllegalArgumentException(op.kind() + " '" + op.output() + "' permutes "
                    + Arrays.toString(perm) + "; the trainer needs dimension 0, the batch, to stay first");
        }
        long[] dims = TorchTensors.longs(perm);
        Operand x = ctx.operand(op, op.input(0));
        return (activations, training) -> Layout.fromIr(Layout.toIr(x.in(activations)).permute(dims));
    }
}
