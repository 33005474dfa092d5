package dev.tinyforge.fuzz;

import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
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
import dev.tinyforge.ops.LogSoftmax;
import dev.tinyforge.ops.Logistic;
import dev.tinyforge.ops.MaxPool2d;
import dev.tinyforge.ops.Mean;
import dev.tinyforge.ops.Mul;
import dev.tinyforge.ops.Pad;
import dev.tinyforge.ops.Pool2d;
import dev.tinyforge.ops.Relu6;
import dev.tinyforge.ops.Reshape;
import dev.tinyforge.ops.ResizeNearestNeighbor;
import dev.tinyforge.ops.Softmax;
import dev.tinyforge.ops.Transpose;
import dev.tinyforge.quant.Calibrator;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.tflite.TfliteWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Small seed models written by hand for what the zoo exports do not exercise: several outputs, TFLite's
 * 16x8 mode, LOG_SOFTMAX, MEAN over single and several axes, float I/O (QUANTIZE and DEQUANTIZE at the
 * edges) and the remaining ops. They are made at run time with the project's writer (seeded, so the
 * same bytes each time) and kept to a few KB, since a small input is mutated faster and further.
 */
final class HandWrittenSeeds {
    private HandWrittenSeeds() {
    }

    /** The seeds by file name, in a fixed order. */
    static Map<String, byte[]> all() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("hand-multi-output.tflite", write(multiOutput(), QuantizeOptions.defaults()));
        seeds.put("hand-16x8.tflite", write(convHead(true), QuantizeOptions.defaults()
                .withMode(QuantizeOptions.Mode.INT16X8)));
        seeds.put("hand-log-softmax.tflite", write(logSoftmax(), QuantizeOptions.defaults()));
        seeds.put("hand-mean.tflite", write(mean(), QuantizeOptions.defaults()));
        seeds.put("hand-float-io.tflite", write(convHead(false), QuantizeOptions.defaults().withFloatIo(true)));
        seeds.put("hand-more-ops.tflite", write(moreOps(), QuantizeOptions.defaults()));
        return seeds;
    }

    /** A backbone and three heads: boxes (RESHAPE), scores (LOGISTIC), classes (SOFTMAX). */
    private static Graph multiOutput() {
        SplittableRandom rnd = new SplittableRandom(11);
        GraphBuilder b = new GraphBuilder("multi_output");
        b.input("image", new int[] {1, 8, 8, 2}, DType.FLOAT32, null);
        conv(b, rnd, "image", "stem", 4, 3, 2, Activation.RELU6);
        List<String> outputs = new ArrayList<>();
        conv(b, rnd, "stem", "box", 4, 1, 1, Activation.NONE);
        outputs.add(b.add(Reshape.OP, new Reshape.Params(new int[] {1, 16, 4}), List.of("box"), "boxes").name());
        conv(b, rnd, "stem", "score", 1, 1, 1, Activation.NONE);
        b.add(Reshape.OP, new Reshape.Params(new int[] {1, 16}), List.of("score"), "score_flat");
        outputs.add(b.add(Logistic.OP, new OpParams.None(), List.of("score_flat"), "scores").name());
        conv(b, rnd, "stem", "cls", 3, 1, 1, Activation.NONE);
        b.add(Reshape.OP, new Reshape.Params(new int[] {16, 3}), List.of("cls"), "cls_rows");
        outputs.add(b.add(Softmax.OP, new Softmax.Params(1f), List.of("cls_rows"), "classes").name());
        return b.outputs(outputs).build();
    }

    /** CONV_2D, DEPTHWISE_CONV_2D, average pooling, FULLY_CONNECTED, SOFTMAX: the ops of 16x8 mode. */
    private static Graph convHead(boolean int16) {
        SplittableRandom rnd = new SplittableRandom(int16 ? 13 : 17);
        GraphBuilder b = new GraphBuilder(int16 ? "conv_16x8" : "float_io");
        b.input("x", new int[] {1, 6, 6, 3}, DType.FLOAT32, null);
        conv(b, rnd, "x", "c1", 4, 3, 1, Activation.RELU);
        weights(b, rnd, "dw/filter", 1, 3, 3, 4);
        weights(b, rnd, "dw/bias", 4);
        b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(2, 2, 1, 1, Padding.SAME, 1, Activation.NONE),
                List.of("c1", "dw/filter", "dw/bias"), "dw");
        b.add(AveragePool2d.OP, new Pool2d.Params(3, 3, 3, 3, Padding.VALID, Activation.NONE), List.of("dw"), "pool");
        b.add(Reshape.OP, new Reshape.Params(new int[] {1, 4}), List.of("pool"), "flat");
        fc(b, rnd, "flat", "fc", 5, Activation.NONE);
        b.add(Softmax.OP, new Softmax.Params(1f), List.of("fc"), "probs");
        return b.output("probs").build();
    }

    /** Two FULLY_CONNECTED layers ending in LOG_SOFTMAX. */
    private static Graph logSoftmax() {
        SplittableRandom rnd = new SplittableRandom(19);
        GraphBuilder b = new GraphBuilder("log_softmax");
        b.input("x", new int[] {1, 12}, DType.FLOAT32, null);
        fc(b, rnd, "x", "fc1", 8, Activation.RELU);
        fc(b, rnd, "fc1", "fc2", 4, Activation.NONE);
        b.add(LogSoftmax.OP, new OpParams.None(), List.of("fc2"), "log_probs");
        return b.output("log_probs").build();
    }

    /** MEAN over [1, 2] (global average pooling), and over one axis of a 4-D tensor, keeping dims. */
    private static Graph mean() {
        SplittableRandom rnd = new SplittableRandom(23);
        GraphBuilder b = new GraphBuilder("mean");
        b.input("x", new int[] {1, 5, 5, 3}, DType.FLOAT32, null);
        conv(b, rnd, "x", "c", 6, 3, 1, Activation.RELU6);
        b.add(Mean.OP, new Mean.Params(new int[] {2}, true), List.of("c"), "row_mean");
        b.add(Mean.OP, new Mean.Params(new int[] {1, 2}, false), List.of("row_mean"), "gap");
        fc(b, rnd, "gap", "fc", 3, Activation.NONE);
        return b.output("fc").build();
    }

    /** PAD, TRANSPOSE, MAX_POOL_2D, ADD, MUL, CONCATENATION, HARD_SWISH, RESIZE_NEAREST_NEIGHBOR, RELU6. */
    private static Graph moreOps() {
        SplittableRandom rnd = new SplittableRandom(29);
        GraphBuilder b = new GraphBuilder("more_ops");
        b.input("x", new int[] {1, 4, 4, 2}, DType.FLOAT32, null);
        b.add(Pad.OP, new Pad.Params(new int[] {0, 0, 1, 1, 1, 1, 0, 0}), List.of("x"), "padded");
        conv(b, rnd, "padded", "c", 4, 3, 1, Activation.NONE);
        b.add(MaxPool2d.OP, new Pool2d.Params(2, 2, 2, 2, Padding.VALID, Activation.NONE), List.of("c"), "pool");
        b.add(ResizeNearestNeighbor.OP, new ResizeNearestNeighbor.Params(6, 6, false, false), List.of("pool"), "up");
        b.add(Add.OP, new BroadcastOp.Params(Activation.NONE), List.of("up", "c"), "sum");
        b.add(Mul.OP, new BroadcastOp.Params(Activation.NONE), List.of("sum", "c"), "prod");
        b.add(HardSwish.OP, new OpParams.None(), List.of("prod"), "hs");
        b.add(Relu6.OP, new OpParams.None(), List.of("c"), "r6");
        b.add(Concatenation.OP, new Concatenation.Params(3, Activation.NONE), List.of("hs", "r6"), "cat");
        b.add(Transpose.OP, new Transpose.Params(new int[] {0, 3, 1, 2}), List.of("cat"), "nchw");
        return b.output("nchw").build();
    }

    private static byte[] write(Graph g, QuantizeOptions opts) {
        SplittableRandom rnd = new SplittableRandom(g.name().hashCode());
        FloatExecutor exec = new FloatExecutor(g);
        Calibrator cal = new Calibrator();
        for (int s = 0; s < 4; s++) {
            float[] x = new float[(int) g.input(0).elements()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextDouble(-1, 1);
            }
            cal.observe(exec.runAll(List.of(x)));
        }
        return TfliteWriter.write(QuantizePass.quantize(g, cal.ranges(), opts));
    }

    private static void conv(GraphBuilder b, SplittableRandom rnd, String in, String out, int cout, int k, int stride,
            Activation act) {
        weights(b, rnd, out + "/filter", cout, k, k, b.tensor(in).dim(3));
        weights(b, rnd, out + "/bias", cout);
        b.add(Conv2d.OP, new Conv2d.Params(stride, stride, 1, 1, Padding.SAME, act),
                List.of(in, out + "/filter", out + "/bias"), out);
    }

    private static void fc(GraphBuilder b, SplittableRandom rnd, String in, String out, int units, Activation act) {
        weights(b, rnd, out + "/weights", units, b.tensor(in).dim(1));
        weights(b, rnd, out + "/bias", units);
        b.add(FullyConnected.OP, new FullyConnected.Params(act), List.of(in, out + "/weights", out + "/bias"), out);
    }

    private static void weights(GraphBuilder b, SplittableRandom rnd, String name, int... shape) {
        float[] v = new float[(int) Tensor.elements(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextDouble(-0.5, 0.5);
        }
        b.tensor(Tensor.constFloat(name, shape, v));
    }
}
