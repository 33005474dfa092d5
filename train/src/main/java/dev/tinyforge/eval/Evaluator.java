package dev.tinyforge.eval;

import dev.tinyforge.data.Dataset;
import dev.tinyforge.data.DatasetException;
import dev.tinyforge.data.Fitted;
import dev.tinyforge.data.ImageShape;
import dev.tinyforge.ir.DType;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.TensorInfo;
import dev.tinyforge.util.Progress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Runs a classifier on every image of a labelled set through any {@link Runner} (TFLite, the generated
 * C), as the model will see images on the board: the dataset brought to the model's input shape, pixels
 * in [0, 1] quantized with the input's own scale and zero point, the prediction the arg-max of the first
 * output (the first of equal maxima, as TFLM's examples take it).
 */
public final class Evaluator {
    private Evaluator() {
    }

    /** The input shape a single-image classifier takes, or a one-line refusal. */
    public static ImageShape inputShape(Runner runner, String model) {
        if (runner.inputs().size() != 1) {
            throw new DatasetException(model + " has " + runner.inputs().size() + " inputs, expected one image input"
                    + " to evaluate it on a dataset");
        }
        int[] s = runner.inputs().get(0).shape();
        if (s.length != 4 || s[0] != 1) {
            throw new DatasetException(model + ": input shape " + java.util.Arrays.toString(s)
                    + ", expected an image [1, height, width, channels]");
        }
        return new ImageShape(s[1], s[2], s[3]);
    }

    public static Evaluation evaluate(Runner runner, String model, Dataset data, Progress progress) {
        ImageShape shape = inputShape(runner, model);
        TensorInfo in = runner.inputs().get(0);
        TensorInfo out = runner.outputs().get(0);
        int classes = out.shape()[out.shape().length - 1];
        if (classes != data.classes() || out.elements() != classes) {
            throw new DatasetException(model + " gives " + out.elements() + " scores from its output '" + out.name()
                    + "' but " + data.name() + " has " + data.classes() + " classes: train the model for "
                    + data.classes() + " classes (--classes) or evaluate it on its own dataset");
        }
        Dataset fitted = Fitted.to(data, shape);
        int[][] confusion = new int[classes][classes];
        int[] predictions = new int[data.size()];
        float[] pixels = new float[shape.size()];
        for (int i = 0; i < data.size(); i++) {
            fitted.image(i, pixels, 0);
            byte[] scores = runner.run(List.of(encode(pixels, in))).get(0);
            predictions[i] = argmax(scores, out.dtype());
            confusion[data.label(i)][predictions[i]]++;
            if ((i + 1) % 100 == 0 || i + 1 == data.size()) {
                progress.update("evaluating", i + 1, data.size());
            }
        }
        return new Evaluation(model, data.name(), runner.backend(), data.classNames(), confusion, predictions);
    }

    /**
     * An image as the model's input bytes: int8 by the input's quantization (rounded half away from zero,
     * saturated: pixels p/255 with scale 1/255 and zero point -128 give exactly p - 128), or float32.
     */
    public static byte[] encode(float[] pixels, TensorInfo in) {
        if (in.dtype() == DType.FLOAT32) {
            ByteBuffer b = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.nativeOrder());
            for (float v : pixels) {
                b.putFloat(v);
            }
            return b.array();
        }
        if (in.dtype() != DType.INT8) {
            throw new DatasetException("input '" + in.name() + "' is " + in.dtype() + ", expected an INT8 or FLOAT32"
                    + " image");
        }
        byte[] q = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            double r = (double) pixels[i] / in.scale();
            long v = (long) (r < 0 ? -Math.floor(-r + 0.5) : Math.floor(r + 0.5)) + in.zeroPoint();
            q[i] = (byte) Math.max(-128, Math.min(127, v));
        }
        return q;
    }

    static int argmax(byte[] scores, DType dtype) {
        int best = 0;
        if (dtype == DType.FLOAT32) {
            ByteBuffer b = ByteBuffer.wrap(scores).order(ByteOrder.nativeOrder());
            for (int c = 1; c < scores.length / 4; c++) {
                if (b.getFloat(4 * c) > b.getFloat(4 * best)) {
                    best = c;
                }
            }
            return best;
        }
        for (int c = 1; c < scores.length; c++) {
            if (scores[c] > scores[best]) {
                best = c;
            }
        }
        return best;
    }
}
