package dev.tinyforge.train;

import dev.tinyforge.ir.OpType;
import dev.tinyforge.ops.Add;
import dev.tinyforge.ops.AveragePool2d;
import dev.tinyforge.ops.Concatenation;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.FullyConnected;
import dev.tinyforge.ops.HardSwish;
import dev.tinyforge.ops.LogSoftmax;
import dev.tinyforge.ops.Logistic;
import dev.tinyforge.ops.MaxPool2d;
import dev.tinyforge.ops.Mean;
import dev.tinyforge.ops.Mul;
import dev.tinyforge.ops.Pad;
import dev.tinyforge.ops.Relu;
import dev.tinyforge.ops.Relu6;
import dev.tinyforge.ops.Reshape;
import dev.tinyforge.ops.ResizeNearestNeighbor;
import dev.tinyforge.ops.Softmax;
import dev.tinyforge.ops.Transpose;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.global.torch;

/**
 * The op kinds the trainer can express in PyTorch, each with its lowering: the one table that names
 * them, so that a new op kind needs one entry here (the completeness test lists the zoo's kinds
 * against it). QUANTIZE and DEQUANTIZE are absent on purpose: training runs float graphs.
 */
final class OpLowerings {
    private static final Map<OpType, OpLowering> LOWERINGS = Map.ofEntries(
            Map.entry(Conv2d.OP, new ConvLowering(false)),
            Map.entry(DepthwiseConv2d.OP, new ConvLowering(true)),
            Map.entry(FullyConnected.OP, new FullyConnectedLowering()),
            Map.entry(Add.OP, new BroadcastLowering((a, b) -> a.add(b))),
            Map.entry(Mul.OP, new BroadcastLowering((a, b) -> a.mul(b))),
            Map.entry(Mean.OP, new MeanLowering()),
            Map.entry(Softmax.OP, new SoftmaxLowering(false)),
            Map.entry(LogSoftmax.OP, new SoftmaxLowering(true)),
            Map.entry(Logistic.OP, new UnaryLowering(torch::sigmoid)),
            Map.entry(Relu.OP, new UnaryLowering(torch::relu)),
            Map.entry(Relu6.OP, new UnaryLowering(x -> FusedActivation.apply(x, dev.tinyforge.ir.Activation.RELU6))),
            Map.entry(HardSwish.OP, new UnaryLowering(torch::hardswish)),
            Map.entry(Concatenation.OP, new ConcatenationLowering()),
            Map.entry(Reshape.OP, new ReshapeLowering()),
            Map.entry(Transpose.OP, new TransposeLowering()),
            Map.entry(Pad.OP, new PadLowering()),
            Map.entry(AveragePool2d.OP, new PoolLowering(false)),
            Map.entry(MaxPool2d.OP, new PoolLowering(true)),
            Map.entry(ResizeNearestNeighbor.OP, new ResizeNearestLowering()));

    private OpLowerings() {
    }

    /**
     * @throws IllegalArgumentException naming the op kind and the kinds the trainer has, when it has no
     *     lowering
     */
    static OpLowering forKind(OpType kind) {
        OpLowering l = LOWERINGS.get(kind);
        if (l == null) {
            throw new IllegalArgumentException("the trainer cannot express " + kind + " in PyTorch; it has "
                    + String.join(", ", kinds().stream().map(OpType::name).sorted().toList()));
        }
        return l;
    }

    /** The op kinds with a lowering. */
    static Set<OpType> kinds() {
        return LOWERINGS.keySet();
    }
}
