package dev.tinyforge.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.tinyforge.ir.DType;
import dev.tinyforge.tflite.ModelFormatException;
import dev.tinyforge.tflite.TfliteReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TensorType;

/**
 * The reader refuses, with one line naming the file, the op (index and kind), the field and what TFLite
 * expects, each kind of file the fuzzing differential found TFLite 2.20 refusing at Prepare (or aborting on)
 * while TinyForge accepted it (docs/fuzzing.md). Each case is one field of a hand-written seed changed the way
 * the fuzzer changed it; the unchanged seeds are read whole ({@link FuzzRegressionTest}).
 */
class KernelPrepareTest {
    private static final String FILE = "case.tflite";

    @Test
    void int8ConvolutionWeightsMustBeSymmetric() {
        String m = refusal("hand-multi-output.tflite", t -> quant(t, "stem/filter").getZeroPoint()[2] = 3);
        assertRefusal(m, "operator 0 (CONV_2D)", "weights 'stem/filter' zero_point[2] is 3, expected 0");
    }

    @Test
    void zeroPointsCountByTheirLow32BitsAsInTflite() {
        // TFLite keeps zero points as int32: 2^32 is 0 to it, so the file is accepted as TFLite accepts it
        byte[] file = mutate(HandWrittenSeeds.all().get("hand-multi-output.tflite"),
                t -> quant(t, "stem/filter").getZeroPoint()[2] = 1L << 32);
        assertEquals(4, TfliteReader.read(file, FILE).ops().stream().filter(o -> o.kind().name().equals("CONV_2D"))
                .count());
    }

    @Test
    void quantizedConvolutionWeightsMustBeQuantized() {
        String m = refusal("hand-multi-output.tflite", t -> tensor(t, "stem/filter").setQuantization(null));
        assertRefusal(m, "operator 0 (CONV_2D)", "weights 'stem/filter' (INT8) have no quantization");
    }

    @Test
    void fusedRelu6BoundsMustFitTheOutputSteps() {
        String m = refusal("hand-multi-output.tflite", t -> quant(t, "stem").setScale(new float[] {1e-10f}));
        assertRefusal(m, "operator 0 (CONV_2D)", "output 'stem' scale 1.0E-10 puts the RELU6 bound 6.0");
    }

    @Test
    void softmaxOutputIsOneOver256() {
        String m = refusal("hand-multi-output.tflite", t -> quant(t, "classes").setScale(new float[] {1f / 128}));
        assertRefusal(m, "(SOFTMAX)", "output 'classes' has scale 0.0078125 and zero point -128, expected scale "
                + "1/256 (within 0.1%) and zero point -128");
    }

    @Test
    void softmaxOutputWithinATenthOfAPercentIsAccepted() {
        byte[] file = mutate(HandWrittenSeeds.all().get("hand-multi-output.tflite"),
                t -> quant(t, "classes").setScale(new float[] {1f / 256 * 1.0005f}));
        assertEquals(3, TfliteReader.read(file, FILE).outputs().size());
    }

    @Test
    void logisticOutputZeroPointIsMinus128() {
        String m = refusal("hand-multi-output.tflite", t -> quant(t, "scores").setZeroPoint(new long[] {0}));
        assertRefusal(m, "(LOGISTIC)", "expected scale 1/256 and zero point -128");
    }

    @Test
    void logSoftmaxOutputIs16Over256() {
        String m = refusal("hand-log-softmax.tflite", t -> quant(t, "log_probs").setZeroPoint(new long[] {126}));
        assertRefusal(m, "(LOG_SOFTMAX)", "expected scale 16/256 and zero point 127");
    }

    @Test
    void int16ActivationsAreSymmetric() {
        String m = refusal("hand-16x8.tflite", t -> quant(t, "c1").setZeroPoint(new long[] {5}));
        assertRefusal(m, "operator 0 (CONV_2D)", "output 'c1' (int16) has zero point 5, expected 0");
    }

    @Test
    void fullyConnectedBiasScaleFollowsInputTimesWeightScale() {
        String m = refusal("hand-log-softmax.tflite", t -> {
            float[] s = quant(t, "fc2/bias").getScale();
            s[0] *= 10;
        });
        assertRefusal(m, "(FULLY_CONNECTED)", "bias 'fc2/bias' scale", "expected at most 0.02");
    }

    @Test
    void addOutputScaleTooSmallForTheInputsIsRefusedBeforeTfliteAborts() {
        String m = refusal("hand-more-ops.tflite", t -> quant(t, "sum").setScale(new float[] {1e-30f}));
        assertRefusal(m, "(ADD)", "output 'sum' scale 1.0E-30 is too small", "must be below 1");
    }

    @Test
    void int8ConcatenationDoesNotRescale() {
        String m = refusal("hand-more-ops.tflite", t -> quant(t, "r6").setZeroPoint(new long[] {7}));
        assertRefusal(m, "(CONCATENATION)", "input 1 'r6'", "expected the output's");
    }

    @Test
    void padKeepsItsInputType() {
        String m = refusal("hand-more-ops.tflite", t -> {
            tensor(t, "padded").setType(TensorType.FLOAT32);
            tensor(t, "padded").setQuantization(null);
        });
        assertRefusal(m, "(PAD)", "output 'padded' has type FLOAT32, expected the input's INT8");
    }

    @Test
    void operatorVersionsOutsideTflitesRegisteredRangeAreRefused() {
        for (int version : new int[] {0, 4, 1073741826}) {
            String m = refusal("hand-multi-output.tflite", t -> {
                for (OperatorCodeT c : t.getOperatorCodes()) {
                    if (c.getBuiltinCode() == org.tensorflow.lite.schema.BuiltinOperator.SOFTMAX) {
                        c.setVersion(version);
                    }
                }
            });
            assertRefusal(m, "(SOFTMAX)", "has version " + version + ", TFLite 2.20 has SOFTMAX versions 1 to 3");
        }
    }

    @Test
    void quantizedConvolutionNeedsItsBiasListed() {
        String notListed = refusal("hand-multi-output.tflite", t -> setInputs(t, 0, 2));
        assertRefusal(notListed, "operator 0 (CONV_2D)", "no bias (input 2 is not listed), expected one");
        String minusOne = refusal("hand-16x8.tflite", t -> setInputs(t, 0, 3));
        assertRefusal(minusOne, "operator 0 (CONV_2D)", "no bias (input 2 is -1)", "INT16 CONV_2D requires a bias");
    }

    @Test
    void depthwiseBiasMayBeLeftOutButNotListedAsMinusOne() {
        String minusOne = refusal("hand-16x8.tflite", t -> setInputs(t, 1, 3));
        assertRefusal(minusOne, "operator 1 (DEPTHWISE_CONV_2D)", "input 2 (bias) is -1, expected a tensor");
        byte[] notListed = mutate(HandWrittenSeeds.all().get("hand-16x8.tflite"), t -> setInputs(t, 1, 2));
        assertEquals(DType.INT64, TfliteReader.read(notListed, FILE).tensor("dw/bias").dtype(),
                "read with the reader's zero int64 bias");
    }

    @Test
    void fullyConnectedBiasMayBeMinusOne() {
        byte[] file = mutate(HandWrittenSeeds.all().get("hand-log-softmax.tflite"), t -> setInputs(t, 0, 3));
        assertEquals(3, TfliteReader.read(file, FILE).ops().size());
    }

    private static void assertRefusal(String message, String... parts) {
        assertTrue(message.startsWith(FILE + ": "), message);
        assertFalse(message.contains("\n"), message);
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
        }
    }

    private static String refusal(String seed, Consumer<ModelT> change) {
        byte[] file = mutate(HandWrittenSeeds.all().get(seed), change);
        return assertThrows(ModelFormatException.class, () -> TfliteReader.read(file, FILE)).getMessage();
    }

    private static byte[] mutate(byte[] seed, Consumer<ModelT> change) {
        ModelT m = Model.getRootAsModel(ByteBuffer.wrap(seed).order(ByteOrder.LITTLE_ENDIAN)).unpack();
        change.accept(m);
        FlatBufferBuilder fb = new FlatBufferBuilder(seed.length + 1024);
        Model.finishModelBuffer(fb, Model.pack(fb, m));
        return fb.sizedByteArray();
    }

    /** Operator {@code op} without its bias: listed as -1 ({@code count} 3) or not listed ({@code count} 2). */
    private static void setInputs(ModelT m, int op, int count) {
        OperatorT o = m.getSubgraphs()[0].getOperators()[op];
        int[] in = o.getInputs();
        o.setInputs(count == 2 ? new int[] {in[0], in[1]} : new int[] {in[0], in[1], -1});
    }

    private static TensorT tensor(ModelT m, String name) {
        return Arrays.stream(m.getSubgraphs()[0].getTensors()).filter(t -> name.equals(t.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no tensor " + name));
    }

    private static QuantizationParametersT quant(ModelT m, String name) {
        return tensor(m, name).getQuantization();
    }
}
