package dev.tinyforge.runtime;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.Pad;
import java.util.ArrayList;
import java.util.List;

/**
 * Test models with explicit PADs, as Keras' MobileNetV2 and TinyEngine's VWW model have them: every
 * strided SAME depthwise convolution of an int8 graph becomes a PAD (SAME's rows and columns, the input's
 * quantization, so zero points) and a VALID depthwise convolution; the model computes the same function.
 */
final class ExplicitPads {
    private ExplicitPads() {
    }

    /** {@code g} with an explicit PAD before each strided SAME depthwise convolution. */
    static Graph beforeStridedDepthwise(Graph g) {
        List<Tensor> tensors = new ArrayList<>(g.tensors());
        List<Op> ops = new ArrayList<>();
        for (Op op : g.ops()) {
            if (op.kind() != DepthwiseConv2d.OP) {
                ops.add(op);
                continue;
            }
            DepthwiseConv2d.Params p = op.params(DepthwiseConv2d.Params.class);
            if (p.padding() != Padding.SAME || (p.strideH() == 1 && p.strideW() == 1)) {
                ops.add(op);
                continue;
            }
            Tensor x = g.tensor(op.input(0));
            Tensor w = g.tensor(op.input(1));
            Tensor y = g.tensor(op.output());
            int[] rows = same(x.dim(1), y.dim(1), w.dim(1), p.strideH(), p.dilationH());
            int[] cols = same(x.dim(2), y.dim(2), w.dim(2), p.strideW(), p.dilationW());
            String padded = op.output() + "/explicit_pad";
            tensors.add(Tensor.activation(padded, new int[] {x.dim(0), x.dim(1) + rows[0] + rows[1],
                x.dim(2) + cols[0] + cols[1], x.dim(3)}, x.dtype(), x.quant()));
            ops.add(new Op(Pad.OP, List.of(x.name()), List.of(padded),
                    new Pad.Params(new int[] {0, 0, rows[0], rows[1], cols[0], cols[1], 0, 0})));
            List<String> in = new ArrayList<>(op.inputs());
            in.set(0, padded);
            ops.add(new Op(op.kind(), in, op.outputs(), new DepthwiseConv2d.Params(p.strideH(), p.strideW(),
                    p.dilationH(), p.dilationW(), Padding.VALID, p.depthMultiplier(), p.activation())));
        }
        return new Graph(g.name(), tensors, ops, g.inputs(), g.outputs(), g.metadata());
    }

    /** SAME's {before, after} along one axis, TFLite's arithmetic. */
    private static int[] same(int in, int out, int kernel, int stride, int dilation) {
        int total = Math.max((out - 1) * stride + (kernel - 1) * dilation + 1 - in, 0);
        return new int[] {total / 2, total - total / 2};
    }
}
