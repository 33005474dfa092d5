package dev.tinyforge.cli;

import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.Add;
import dev.tinyforge.ops.AveragePool2d;
import dev.tinyforge.ops.BroadcastOp;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.FullyConnected;
import dev.tinyforge.ops.MaxPool2d;
import dev.tinyforge.ops.Pool2d;
import dev.tinyforge.ops.Reshape;
import dev.tinyforge.quant.Calibrator;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.quant.SyntheticData;
import java.util.List;
import java.util.SplittableRandom;

/** A small int8 network made only of ops the C kernels cover, for the compile and verify tests. */
final class ConvNet {
    private ConvNet() {
    }

    static Graph int8() {
        return build(false, false);
    }

    /** The same net with a grouped 1x1 convolution after the first one (the C kernels refuse it). */
    static Graph int8WithGroupedConv() {
        return build(true, false);
    }

    /**
     * The int8 net with its per-tensor fully connected weights saying {@code quantized_dimension} 3, outside
     * their rank 2, as TFLM's person_detect.tflite does: TFLM ignores it, desktop TFLite refuses the file.
     */
    static Graph int8WithOutOfRangeQuantizedDimension() {
        Graph g = int8();
        dev.tinyforge.ir.Tensor w = g.tensor("fc/w");
        dev.tinyforge.ir.Quant q = w.quant();
        dev.tinyforge.ir.GraphBuilder b = g.toBuilder();
        b.tensor(new dev.tinyforge.ir.Tensor(w.name(), w.shape(), w.dtype(),
                new dev.tinyforge.ir.Quant(q.scales(), q.zeroPoints(), 3), w.int8s()));
        return b.build();
    }

    /** The int8 net with float input and output (QUANTIZE and DEQUANTIZE at its ends). */
    static Graph int8WithFloatIo() {
        return build(false, true);
    }

    private static Graph build(boolean grouped, boolean floatIo) {
        SplittableRandom rnd = new SplittableRandom(3);
        GraphBuilder b = new GraphBuilder("convnet");
        b.input("x", new int[] {1, 16, 16, 3}, DType.FLOAT32, null);
        weights(b, rnd, "c1/w", 8, 3, 3, 3);
        weights(b, rnd, "c1/b", 8);
        b.add(Conv2d.OP, new Conv2d.Params(2, 2, 1, 1, Padding.SAME, Activation.RELU6), List.of("x", "c1/w", "c1/b"),
                grouped ? "c0" : "c1");
        if (grouped) {
            weights(b, rnd, "g/w", 8, 1, 1, 4);
            weights(b, rnd, "g/b", 8);
            b.add(Conv2d.OP, new Conv2d.Params(1, 1, 1, 1, Padding.SAME, Activation.RELU6),
                    List.of("c0", "g/w", "g/b"), "c1");
        }
        weights(b, rnd, "dw/w", 1, 3, 3, 8);
        weights(b, rnd, "dw/b", 8);
        b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(1, 1, 1, 1, Padding.SAME, 1, Activation.RELU6),
                List.of("c1", "dw/w", "dw/b"), "dw");
        b.add(Add.OP, new BroadcastOp.Params(Activation.NONE), List.of("dw", "c1"), "res");
        b.add(MaxPool2d.OP, new Pool2d.Params(2, 2, 2, 2, Padding.VALID, Activation.NONE), List.of("res"), "mp");
        b.add(AveragePool2d.OP, new Pool2d.Params(4, 4, 1, 1, Padding.VALID, Activation.NONE), List.of("mp"),
                "gap");
        b.add(Reshape.OP, new Reshape.Params(new int[] {1, 8}), List.of("gap"), "flat");
        weights(b, rnd, "fc/w", 5, 8);
        weights(b, rnd, "fc/b", 5);
        b.add(FullyConnected.OP, new FullyConnected.Params(Activation.NONE), List.of("flat", "fc/w", "fc/b"),
                "logits");
        b.output("logits");
        Graph g = b.build();
        FloatExecutor exec = new FloatExecutor(g);
        Calibrator cal = new Calibrator();
        for (float[] x : SyntheticData.images(g.input(0).shape(), 8, 1)) {
            cal.observe(exec.runAll(List.of(x)));
        }
        return QuantizePass.quantize(g, cal.ranges(), QuantizeOptions.defaults().withFloatIo(floatIo));
    }

    private static void weights(GraphBuilder b, SplittableRandom rnd, String name, int... shape) {
        float[] v = new float[(int) Tensor.elements(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextDouble(-0.5, 0.5);
        }
        b.tensor(Tensor.constFloat(name, shape, v));
    }
}
