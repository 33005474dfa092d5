package dev.tinyforge.train;

import org.bytedeco.pytorch.Tensor;

/**
 * How IR tensors are laid out in torch: the IR is NHWC with batch 1, torch convolutions want NCHW,
 * so every rank-4 activation lives in torch as NCHW and every other rank keeps the IR's order, with
 * the batch as dimension 0 in both. Ops that name axes or shapes translate them here.
 */
final class Layout {
    private static final long[] TO_NCHW = {0, 3, 1, 2};
    private static final long[] TO_NHWC = {0, 2, 3, 1};
    /** Where NHWC axes N, H, W, C sit in NCHW. */
    private static final long[] IR_AXIS_IN_TORCH = {0, 2, 3, 1};

    private Layout() {
    }

    /** The torch dimension of IR axis {@code axis} (negative counts from the end) of a rank-{@code rank} tensor. */
    static long torchAxis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " is outside a rank-" + rank + " tensor");
        }
        return rank == 4 ? IR_AXIS_IN_TORCH[a] : a;
    }

    /** The shape torch keeps a tensor of IR shape {@code ir} in. */
    static long[] torchShape(int[] ir) {
        long[] s = TorchTensors.longs(ir);
        if (ir.length == 4) {
            for (int d = 0; d < 4; d++) {
                s[(int) IR_AXIS_IN_TORCH[d]] = ir[d];
            }
        }
        return s;
    }

    /** An IR-ordered tensor as torch keeps it (NHWC to NCHW when rank 4). */
    static Tensor fromIr(Tensor irOrdered) {
        return irOrdered.dim() == 4 ? irOrdered.permute(TO_NCHW) : irOrdered;
    }

    /** A torch-kept tensor in the IR's order (NCHW to NHWC when rank 4). */
    static Tensor toIr(Tensor torchOrdered) {
        return torchOrdered.dim() == 4 ? torchOrdered.permute(TO_NHWC) : torchOrdered;
    }
}
