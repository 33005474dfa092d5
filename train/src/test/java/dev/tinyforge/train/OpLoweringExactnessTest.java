package dev.tinyforge.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.BatchNorm;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.Add;
import dev.tinyforge.ops.AveragePool2d;
import dev.tinyforge.ops.BroadcastOp;
import dev.tinyforge.ops.Concatenation;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.FullyConnected;
import dev.tinyforge.ops.HardSwish;
import dev.tinyforge.ops.MaxPool2d;
import dev.tinyforge.ops.Mean;
import dev.tinyforge.ops.Mul;
import dev.tinyforge.ops.Pad;
import dev.tinyforge.ops.Pool2d;
import dev.tinyforge.ops.Relu;
import dev.tinyforge.ops.Relu6;
import dev.tinyforge.ops.Reshape;
import dev.tinyforge.ops.ResizeNearestNeighbor;
import dev.tinyforge.ops.LogSoftmax;
import dev.tinyforge.ops.Softmax;
import dev.tinyforge.ops.Transpose;
import dev.tinyforge.zoo.ZooModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The lowerings the zoo does not exercise, each against the float executor on small graphs with
 * awkward shapes: uneven SAME padding of pools, padding and permutations across axes, reshapes and
 * reductions that depend on NHWC order, constants broadcast from a lower rank, a depthwise
 * multiplier with dilation, a batch norm after a fully connected layer.
 */
class OpLoweringExactnessTest {
    private final SplittableRandom rnd = new SplittableRandom(3);

    private String constant(GraphBuilder b, String name, int... shape) {
        float[] v = new float[(int) Tensor.elements(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextDouble() - 0.5);
        }
        b.tensor(Tensor.constFloat(name, shape, v));
        return name;
    }

    private BatchNorm randomBatchNorm(int c) {
        float[] g = new float[c];
        float[] be = new float[c];
        float[] m = new float[c];
        float[] v = new float[c];
        for (int i = 0; i < c; i++) {
            g[i] = (float) (0.5 + rnd.nextDouble());
            be[i] = (float) (rnd.nextDouble() - 0.5);
            m[i] = (float) (rnd.nextDouble() - 0.5);
            v[i] = (float) (0.5 + rnd.nextDouble());
        }
        return new BatchNorm(g, be, m, v, 1e-3f);
    }

    private static void check(ZooModel m) {
        TorchNet net = TorchNet.lower(m, TrainingHints.NONE);
        double err = Exactness.maxRelativeError(net, m, Exactness.inputs(m.graph(), 3, 9));
        System.out.printf("exactness %-22s max relative error %.2e%n", m.graph().name(), err);
        assertTrue(err < 1e-5, m.graph().name() + ": relative error " + err);
    }

    @Test
    void poolsWithUnevenSamePadding() {
        GraphBuilder b = new GraphBuilder("pools");
        b.input("x", new int[] {1, 9, 10, 4}, DType.FLOAT32, null);
        b.add(AveragePool2d.OP, new Pool2d.Params(3, 3, 2, 2, Padding.SAME, Activation.RELU6), List.of("x"), "avg");
        b.add(MaxPool2d.OP, new Pool2d.Params(3, 2, 2, 2, Padding.SAME, Activation.NONE), List.of("x"), "max");
        b.add(AveragePool2d.OP, new Pool2d.Params(2, 2, 2, 2, Padding.VALID, Activation.NONE), List.of("x"), "valid");
        b.add(MaxPool2d.OP, new Pool2d.Params(4, 4, 1, 1, Padding.SAME, Activation.RELU), List.of("x"), "max4");
        b.outputs(List.of("avg", "max", "valid", "max4"));
        check(new ZooModel(b.build(), Map.of()));
    }

    @Test
    void layoutSensitiveOps() {
        GraphBuilder b = new GraphBuilder("layout");
        b.input("x", new int[] {1, 6, 5, 4}, DType.FLOAT32, null);
        b.add(Pad.OP, new Pad.Params(new int[] {0, 0, 1, 2, 0, 1, 0, 2}), List.of("x"), "pad");       // 9x6x6
        b.add(Transpose.OP, new Transpose.Params(new int[] {0, 2, 1, 3}), List.of("pad"), "t");        // 6x9x6
        b.add(Reshape.OP, new Reshape.Params(new int[] {1, 18, 3, 6}), List.of("t"), "r");
        b.add(ResizeNearestNeighbor.OP, new ResizeNearestNeighbor.Params(7, 5, false, true), List.of("r"), "up");
        b.add(Concatenation.OP, new Concatenation.Params(1, Activation.NONE), List.of("up", "up"), "cat");
        b.add(Add.OP, new BroadcastOp.Params(Activation.RELU), List.of("cat", constant(b, "shift", 6)), "shifted");
        b.add(Mul.OP, new BroadcastOp.Params(Activation.NONE),
                List.of("shifted", constant(b, "scale", 1, 1, 5, 1)), "scaled");
        b.add(Mean.OP, new Mean.Params(new int[] {2}, false), List.of("scaled"), "mean");          // 1x14x6
        b.add(HardSwish.OP, new OpParams.None(), List.of("mean"), "hs");
        b.add(FullyConnected.OP, new FullyConnected.Params(Activation.NONE),
                List.of("hs", constant(b, "fc/w", 5, 84), constant(b, "fc/b", 5)), "fc");
        b.add(Softmax.OP, new Softmax.Params(0.5f), List.of("fc"), "probs");
        b.add(Mean.OP, new Mean.Params(new int[] {1, 3}, true), List.of("x"), "keep");
        b.add(Relu6.OP, new OpParams.None(), List.of("keep"), "keep6");
        b.add(Relu.OP, new OpParams.None(), List.of("pad"), "relu");
        b.add(LogSoftmax.OP, new OpParams.None(), List.of("fc"), "log_probs");
        b.outputs(List.of("probs", "keep6", "relu", "mean", "log_probs"));
        check(new ZooModel(b.build(), Map.of()));
    }

    @Test
    void weightedLayersWithBatchNorms() {
        GraphBuilder b = new GraphBuilder("weighted");
        b.input("x", new int[] {1, 11, 8, 3}, DType.FLOAT32, null);
        b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(1, 1, 2, 2, Padding.SAME, 2, Activation.RELU6),
                List.of("x", constant(b, "dw/w", 1, 3, 3, 6), constant(b, "dw/b", 6)), "dw");
        b.add(Conv2d.OP, new Conv2d.Params(2, 1, 1, 1, Padding.VALID, Activation.RELU),
                List.of("dw", constant(b, "conv/w", 5, 3, 2, 6), constant(b, "conv/b", 5)), "conv");
        b.add(Conv2d.OP, new Conv2d.Params(2, 3, 1, 1, Padding.SAME, Activation.NONE),
                List.of("conv", constant(b, "s/w", 4, 3, 3, 5), constant(b, "s/b", 4)), "strided");
        b.add(Reshape.OP, new Reshape.Params(new int[] {1, 36}), List.of("strided"), "flat");
        b.add(FullyConnected.OP, new FullyConnected.Params(Activation.RELU),
                List.of("flat", constant(b, "fc/w", 6, 36), constant(b, "fc/b", 6)), "fc");
        b.add(Softmax.OP, new Softmax.Params(1f), List.of("fc"), "probs");
        b.outputs(List.of("probs", "strided"));
        Map<String, BatchNorm> bns = new LinkedHashMap<>();
        bns.put("dw", randomBatchNorm(6));
        bns.put("fc", randomBatchNorm(6));
        check(new ZooModel(b.build(), bns));
    }
}
