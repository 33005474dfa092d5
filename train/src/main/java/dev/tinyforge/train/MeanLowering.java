package dev.tinyforge.train;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ops.Mean;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * MEAN over the IR's axes. With kept dimensions it reduces the NCHW tensor in place of the NHWC
 * axes; without, it reduces the NHWC view so the smaller result comes out in the IR's order.
 */
final class MeanLowering implements OpLowering {
    @Override
    public TorchLayer lower(Op op, LoweringContext ctx) {
        Mean.Params p = op.params(Mean.Params.class);
        int rank = ctx.shape(op.input(0)).length;
        boolean[] reduced = Mean.reduced(p, rank);
        if (reduced[0]) {
            throw new IllegalArgumentException(op.kind() + " '" + op.output()
                    + "' averages over dimension 0, which the trainer uses for the batch");
        }
        boolean inIrOrder = rank == 4 && !p.keepDims();
        int count = 0;
        for (boolean r : reduced) {
            count += r ? 1 : 0;
        }
        long[] dims = new long[count];
        int k = 0;
        for (int a = 0; a < rank; a++) {
            if (reduced[a]) {
                dims[k++] = inIrOrder ? a : Layout.torchAxis(a, rank);
            }
        }
        java.util.Arrays.sort(dims);
        Operand x = ctx.operand(op, op.input(0));
        boolean keep = p.keepDims();
        return (activations, training) -> {
            Tensor in = x.in(activations);
            return torch.mean(inIrOrder ? Layout.toIr(in) : in, dims, keep, new ScalarTypeOptional());
        };
    }
}
