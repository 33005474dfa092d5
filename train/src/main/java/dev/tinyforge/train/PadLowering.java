package dev.tinyforge.train;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ops.Pad;
import java.util.Arrays;
import org.bytedeco.pytorch.global.torch;

/** PAD with zeros, the IR's per-axis amounts rewritten for torch's layout (last dimension first). */
final class PadLowering implements OpLowering {
    @Override
    public TorchLayer lower(Op op, LoweringContext ctx) {
        int[] p = op.params(Pad.Params.class).paddings();
        int rank = ctx.shape(op.input(0)).length;
        if (p[0] != 0 || p[1] != 0) {
            throw new IllegalArgumentException(op.kind() + " '" + op.output() + "' pads dimension 0 by "
                    + Arrays.toString(p) + "; the trainer uses dimension 0 for the batch");
        }
        // torch's pad list runs from the last torch dimension backwards, a (before, after) pair each
        int[] irAxisOf = new int[rank];
        for (int a = 0; a < rank; a++) {
            irAxisOf[(int) Layout.torchAxis(a, rank)] = a;
        }
        long[] pads = new long[2 * rank];
        for (int d = rank - 1, k = 0; d >= 0; d--, k++) {
            pads[2 * k] = p[2 * irAxisOf[d]];
            pads[2 * k + 1] = p[2 * irAxisOf[d] + 1];
        }
        Operand x = ctx.operand(op, op.input(0));
        return (activations, training) -> torch.constant_pad_nd(x.in(activations), pads, TorchTensors.scalar(0));
    }
}
