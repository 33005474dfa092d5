package dev.tinyforge.train;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import java.util.function.Supplier;

/**
 * CONV_2D and DEPTHWISE_CONV_2D as {@code torch.conv2d}: filters in torch's layout (a depthwise
 * filter with multiplier m is a grouped convolution with one group per input channel), TFLite's
 * SAME padding, then the batch norm when the layer has one, then the fused activation.
 */
final class ConvLowering implements OpLowering {
    private final boolean depthwise;

    ConvLowering(boolean depthwise) {
        this.depthwise = depthwise;
    }

    /** The attributes both kinds share. */
    private record Window(int sh, int sw, int dh, int dw, Padding padding, Activation activation) {
    }

    @Override
    public TorchLayer lower(Op op, LoweringContext ctx) {
        Window w;
        if (depthwise) {
            DepthwiseConv2d.Params p = op.params(DepthwiseConv2d.Params.class);
            w = new Window(p.strideH(), p.strideW(), p.dilationH(), p.dilationW(), p.padding(), p.activation());
        } else {
            Conv2d.Params p = op.params(Conv2d.Params.class);
            w = new Window(p.strideH(), p.strideW(), p.dilationH(), p.dilationW(), p.padding(), p.activation());
        }
        int[] in = ctx.shape(op.input(0));
        int[] filter = ctx.shape(op.input(1));
        long groups = depthwise ? in[3] : 1;
        if (!depthwise && filter[3] != in[3]) {
            throw new IllegalArgumentException(op.kind() + " '" + op.output() + "': grouped convolutions ("
                    + in[3] + " input channels, filters of " + filter[3] + ") are not supported by the trainer");
        }
        SamePadding pad = SamePadding.of(w.padding(), in[1], in[2], filter[1], filter[2], w.sh(), w.sw(), w.dh(),
                w.dw());
        Operand x = ctx.operand(op, op.input(0));
        Parameter weights = ctx.weight(op, op.input(1), depthwise ? WeightLayout.DEPTHWISE : WeightLayout.CONV, true);
        Supplier<Tensor> kernel = ctx.weightValue(op, weights);
        BatchNormLayer bn = ctx.batchNorm(op);
        // Before a batch norm the bias only shifts the batch mean it subtracts: kept as it is, not trained.
        Operand bias = ctx.bias(op, bn != null);
        // A strided 1x1 convolution reads every s-th pixel (its SAME padding is 0): taken as a strided
        // slice and a stride-1 convolution, which avoids oneDNN's strided 1x1 backward-weights kernel. That
        // kernel writes past its workspace when a layer has fewer input channels than its block (16 on
        // AVX-512): heap corruption and a crashed JVM, or silently wrong gradients (uxlfoundation/oneDNN
        // issue 6035; seen here training resnet8 at width 0.5 with 2 threads).
        boolean subsample = filter[1] == 1 && filter[2] == 1 && (w.sh() > 1 || w.sw() > 1)
                && pad.isZero();
        long[] stride = subsample ? new long[] {1, 1} : new long[] {w.sh(), w.sw()};
        long[] dilation = {w.dh(), w.dw()};
        boolean inline = pad.isSymmetric();
        long[] padding = inline ? new long[] {pad.top(), pad.left()} : new long[] {0, 0};
        return (activations, training) -> {
            Tensor input = x.in(activations);
            if (subsample) {
                input = input.slice(2, new LongOptional(0), new LongOptional(), w.sh())
                        .slice(3, new LongOptional(0), new LongOptional(), w.sw()).contiguous();
            }
            if (!inline) {
                input = pad.pad(input, 0);
            }
            Tensor y = torch.conv2d(input, kernel.get(), TorchTensors.optional(bias.in(activations)), stride,
                    padding, dilation, groups);
            if (bn != null) {
                y = bn.apply(y, training);
            }
            return FusedActivation.apply(y, w.activation());
        };
    }
}
