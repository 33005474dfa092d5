package dev.tinyforge.cli;

import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.Add;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.FullyConnected;
import dev.tinyforge.ops.LogSoftmax;
import dev.tinyforge.ops.Logistic;
import dev.tinyforge.ops.MaxPool2d;
import dev.tinyforge.ops.Mean;
import dev.tinyforge.ops.Pad;
import dev.tinyforge.ops.Pool2d;
import dev.tinyforge.ops.Relu;
import dev.tinyforge.ops.Reshape;
import dev.tinyforge.ops.Softmax;
import dev.tinyforge.ops.Transpose;
import dev.tinyforge.quant.Calibrator;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Models shaped as the field's common exporters shape them, written with our own writer: what a user
 * brings from Keras or PyTorch, not what our zoo makes. Tensor names are the exporters' too (colons,
 * slashes, semicolons, {@code onnx::} prefixes), because generated C has to name them.
 */
final class ExporterShapes {
    private ExporterShapes() {
    }

    /**
     * Writes every shape as {@code <shape>.tflite} into the directory given, so bench/zoo-cores can run the
     * corpus on every emulated core (the same files {@link ExporterShapedModelsTest} writes).
     */
    public static void main(String[] args) throws java.io.IOException {
        if (args.length != 1) {
            System.err.println("usage: ExporterShapes DIR (writes one .tflite per exporter shape into DIR)");
            System.exit(2);
        }
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of(args[0]));
        for (Shape shape : Shape.values()) {
            java.nio.file.Files.write(dir.resolve(shape.name().toLowerCase(java.util.Locale.ROOT) + ".tflite"),
                    dev.tinyforge.tflite.TfliteWriter.write(build(shape)));
        }
    }

    /** The exporters, each a model. */
    enum Shape {
        /**
         * TFLite converter from Keras with {@code inference_input_type=int8}: int8 input and output,
         * activations fused into convolutions, per-channel conv weights, per-tensor FC weights,
         * GlobalAveragePooling2D as MEAN over [1, 2], a residual ADD, softmax at the end.
         */
        KERAS_INT8,
        /**
         * PyTorch → ONNX → TFLite: float NCHW input, QUANTIZE then a TRANSPOSE to NHWC, explicit PADs
         * before VALID convolutions, ReLU as its own op, max pooling, a TRANSPOSE back to NCHW and two
         * MEANs over single axes (as TinyEngine's vww.tflite ends), DEQUANTIZE at the output.
         */
        PYTORCH_ONNX,
        /**
         * A detector's three heads (as TinyEngine's detection.tflite): one backbone, boxes as a
         * RESHAPE, scores through LOGISTIC, classes through SOFTMAX, int8 I/O, three outputs.
         */
        DETECTION_HEADS,
        /** LeNet-300-100 ending in LOG_SOFTMAX, as TinyEngine's MNIST demo ships it: three FCs on a flat image. */
        LENET_LOG_SOFTMAX
    }

    static Graph build(Shape shape) {
        SplittableRandom rnd = new SplittableRandom(shape.ordinal() * 31L + 5);
        GraphBuilder b = new GraphBuilder(shape.name().toLowerCase());
        boolean floatIo = switch (shape) {
            case KERAS_INT8 -> keras(b, rnd);
            case PYTORCH_ONNX -> pytorch(b, rnd);
            case DETECTION_HEADS -> detection(b, rnd);
            case LENET_LOG_SOFTMAX -> lenet(b, rnd);
        };
        Graph g = b.build();
        FloatExecutor exec = new FloatExecutor(g);
        Calibrator cal = new Calibrator();
        for (int s = 0; s < 6; s++) {
            float[] x = new float[(int) g.input(0).elements()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextDouble(-1, 1);
            }
            cal.observe(exec.runAll(List.of(x)));
        }
        return QuantizePass.quantize(g, cal.ranges(), QuantizeOptions.defaults().withFloatIo(floatIo));
    }

    private static boolean keras(GraphBuilder b, SplittableRandom rnd) {
        String x = "serving_default_input_1:0";
        b.input(x, new int[] {1, 24, 24, 3}, DType.FLOAT32, null);
        // the converter names a fused layer by its parts, and its constants after the variables they read
        String c1 = "sequential/conv2d/Relu6;sequential/conv2d/BiasAdd;sequential/conv2d/Conv2D";
        weights(b, rnd, "sequential/conv2d/Conv2D", 8, 3, 3, 3);
        weights(b, rnd, "sequential/conv2d/BiasAdd/ReadVariableOp;sequential/conv2d/Conv2D", 8);
        b.add(Conv2d.OP, new Conv2d.Params(2, 2, 1, 1, Padding.SAME, Activation.RELU6), List.of(x,
                "sequential/conv2d/Conv2D", "sequential/conv2d/BiasAdd/ReadVariableOp;sequential/conv2d/Conv2D"), c1);
        String dw = "sequential/depthwise_conv2d/Relu6;sequential/depthwise_conv2d/depthwise";
        weights(b, rnd, "sequential/depthwise_conv2d/depthwise", 1, 3, 3, 8);
        weights(b, rnd, "sequential/depthwise_conv2d/BiasAdd/ReadVariableOp", 8);
        b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(1, 1, 1, 1, Padding.SAME, 1, Activation.RELU6),
                List.of(c1, "sequential/depthwise_conv2d/depthwise",
                        "sequential/depthwise_conv2d/BiasAdd/ReadVariableOp"), dw);
        String pw = "sequential/conv2d_1/BiasAdd;sequential/conv2d_1/Conv2D";
        conv(b, rnd, dw, pw, 8, 1, 1, Padding.SAME, Activation.NONE);
        b.add(Add.OP, new dev.tinyforge.ops.BroadcastOp.Params(Activation.NONE), List.of(pw, c1),
                "sequential/add/add");
        b.add(Mean.OP, new Mean.Params(new int[] {1, 2}, false), List.of("sequential/add/add"),
                "sequential/global_average_pooling2d/Mean");
        String fc = "sequential/dense/MatMul;sequential/dense/BiasAdd";
        weights(b, rnd, fc + "/weights", 10, 8);
        weights(b, rnd, fc + "/bias", 10);
        b.add(FullyConnected.OP, new FullyConnected.Params(Activation.NONE),
                List.of("sequential/global_average_pooling2d/Mean", fc + "/weights", fc + "/bias"), fc);
        b.add(Softmax.OP, new Softmax.Params(1f), List.of(fc), "StatefulPartitionedCall:0");
        b.output("StatefulPartitionedCall:0");
        return false;
    }

    private static boolean pytorch(GraphBuilder b, SplittableRandom rnd) {
        b.input("input.1", new int[] {1, 3, 20, 20}, DType.FLOAT32, null);
        b.add(Transpose.OP, new Transpose.Params(new int[] {0, 2, 3, 1}), List.of("input.1"), "onnx::Pad_0_nhwc");
        b.add(Pad.OP, new Pad.Params(new int[] {0, 0, 1, 1, 1, 1, 0, 0}), List.of("onnx::Pad_0_nhwc"),
                "/features/features.0/Pad_output_0");
        conv(b, rnd, "/features/features.0/Pad_output_0", "/features/features.0/Conv_output_0", 12, 3, 2,
                Padding.VALID, Activation.NONE);
        b.add(Relu.OP, new OpParams.None(), List.of("/features/features.0/Conv_output_0"),
                "/features/features.1/Relu_output_0");
        b.add(MaxPool2d.OP, new Pool2d.Params(2, 2, 2, 2, Padding.VALID, Activation.NONE),
                List.of("/features/features.1/Relu_output_0"), "/features/features.2/MaxPool_output_0");
        b.add(Pad.OP, new Pad.Params(new int[] {0, 0, 1, 1, 1, 1, 0, 0}),
                List.of("/features/features.2/MaxPool_output_0"), "/features/features.3/Pad_output_0");
        String dw = "/features/features.3/Conv_output_0";
        weights(b, rnd, "onnx::Conv_41", 1, 3, 3, 12);
        weights(b, rnd, "onnx::Conv_42", 12);
        b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(1, 1, 1, 1, Padding.VALID, 1, Activation.RELU),
                List.of("/features/features.3/Pad_output_0", "onnx::Conv_41", "onnx::Conv_42"), dw);
        b.add(Transpose.OP, new Transpose.Params(new int[] {0, 3, 1, 2}), List.of(dw), "/Transpose_output_0");
        b.add(Mean.OP, new Mean.Params(new int[] {3}, false), List.of("/Transpose_output_0"),
                "/ReduceMean_output_0");
        b.add(Mean.OP, new Mean.Params(new int[] {2}, false), List.of("/ReduceMean_output_0"),
                "/ReduceMean_1_output_0");
        weights(b, rnd, "classifier.weight", 6, 12);
        weights(b, rnd, "classifier.bias", 6);
        b.add(FullyConnected.OP, new FullyConnected.Params(Activation.NONE),
                List.of("/ReduceMean_1_output_0", "classifier.weight", "classifier.bias"), "output");
        b.output("output");
        return true;
    }

    private static boolean detection(GraphBuilder b, SplittableRandom rnd) {
        b.input("image", new int[] {1, 16, 16, 3}, DType.FLOAT32, null);
        conv(b, rnd, "image", "backbone/stem", 8, 3, 2, Padding.SAME, Activation.RELU6);
        conv(b, rnd, "backbone/stem", "backbone/block1", 16, 3, 2, Padding.SAME, Activation.RELU6);
        List<String> outputs = new ArrayList<>();
        conv(b, rnd, "backbone/block1", "head/box/conv", 4 * 3, 1, 1, Padding.SAME, Activation.NONE);
        outputs.add(b.add(Reshape.OP, new Reshape.Params(new int[] {1, 48, 4}), List.of("head/box/conv"),
                "Identity").name());
        conv(b, rnd, "backbone/block1", "head/score/conv", 3, 1, 1, Padding.SAME, Activation.NONE);
        b.add(Reshape.OP, new Reshape.Params(new int[] {1, 48}), List.of("head/score/conv"), "head/score/flat");
        outputs.add(b.add(Logistic.OP, new OpParams.None(), List.of("head/score/flat"), "Identity_1").name());
        conv(b, rnd, "backbone/block1", "head/cls/conv", 5, 1, 1, Padding.SAME, Activation.NONE);
        b.add(Reshape.OP, new Reshape.Params(new int[] {16, 5}), List.of("head/cls/conv"), "head/cls/rows");
        outputs.add(b.add(Softmax.OP, new Softmax.Params(1f), List.of("head/cls/rows"), "Identity_2").name());
        b.outputs(outputs);
        return false;
    }

    private static boolean lenet(GraphBuilder b, SplittableRandom rnd) {
        b.input("input", new int[] {1, 28, 28, 1}, DType.FLOAT32, null);
        b.add(Reshape.OP, new Reshape.Params(new int[] {1, 784}), List.of("input"), "flatten");
        String in = "flatten";
        int[] widths = {300, 100, 10};
        for (int i = 0; i < widths.length; i++) {
            String fc = "fc" + (i + 1);
            weights(b, rnd, fc + ".weight", widths[i], b.tensor(in).dim(1));
            weights(b, rnd, fc + ".bias", widths[i]);
            in = b.add(FullyConnected.OP, new FullyConnected.Params(i < 2 ? Activation.RELU : Activation.NONE),
                    List.of(in, fc + ".weight", fc + ".bias"), fc).name();
        }
        b.output(b.add(LogSoftmax.OP, new OpParams.None(), List.of(in), "log_probs").name());
        return false;
    }

    private static void conv(GraphBuilder b, SplittableRandom rnd, String in, String out, int cout, int k, int stride,
            Padding padding, Activation act) {
        int cin = b.tensor(in).dim(3);
        weights(b, rnd, out + "/filter", cout, k, k, cin);
        weights(b, rnd, out + "/bias", cout);
        b.add(Conv2d.OP, new Conv2d.Params(stride, stride, 1, 1, padding, act), List.of(in, out + "/filter",
                out + "/bias"), out);
    }

    private static void weights(GraphBuilder b, SplittableRandom rnd, String name, int... shape) {
        float[] v = new float[(int) Tensor.elements(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextDouble(-0.5, 0.5);
        }
        b.tensor(Tensor.constFloat(name, shape, v));
    }
}
