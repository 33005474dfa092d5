package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.runtime.host.HostRunner;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.TfliteReader;
import dev.tinyforge.tflite.TfliteWriter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * TFLM's person_detect.tflite carries a per-tensor weight whose {@code quantized_dimension} (3) is
 * outside the tensor's rank: TFLM ignores it, desktop TFLite's InterpreterBuilder refuses the model.
 * The reader reads it as dimension 0 and says so, and the C is checked against TFLite on the
 * normalized model.
 */
class NormalizedImportTest {

    static byte[] personDetectLike() {
        GraphBuilder b = new GraphBuilder("pd");
        b.input("x", new int[] {1, 6, 6, 4}, DType.INT8, Quant.perTensor(0.05f, -3));
        SplittableRandom rnd = new SplittableRandom(5);
        byte[] w = new byte[3 * 3 * 4];
        rnd.nextBytes(w);
        for (int i = 0; i < w.length; i++) {
            w[i] = (byte) Math.max(-127, w[i]);
        }
        b.tensor(Tensor.constInt8("w", new int[] {1, 3, 3, 4}, w, new Quant(new float[] {0.02f}, new long[] {0}, 0)));
        // a per-tensor bias [4] (rank 1) with quantized_dimension 3
        b.tensor(Tensor.constInt32("b", new int[] {4}, new int[] {10, -20, 30, 0},
                new Quant(new float[] {0.02f * 0.05f}, new long[] {0}, 3)));
        b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(1, 1, 1, 1, Padding.SAME, 1, Activation.RELU6),
                List.of("x", "w", "b"), "y");
        b.tensor(b.tensor("y").withQuant(DType.INT8, Quant.perTensor(0.03f, -128)));
        return TfliteWriter.write(b.output("y").build());
    }

    @Test
    void aPerTensorWeightWithAnotherDimensionIsNormalizedSaidAndVerified() {
        byte[] file = personDetectLike();
        assertThrows(ModelLoadException.class, () -> new TfliteRunner(file, "pd.tflite", RunnerOptions.reference()),
                "desktop TFLite refuses the file as it is");
        Graph g = TfliteReader.read(file, "pd.tflite");
        String note = g.metadata().get(TfliteReader.NORMALIZED);
        assertTrue(note != null && note.contains("'b'")
                && note.contains("quantized_dimension 3 (rank 1) read as dimension 0"), String.valueOf(note));
        byte[] normalized = TfliteWriter.write(g);
        SplittableRandom rnd = new SplittableRandom(9);
        try (Runner ref = new TfliteRunner(normalized, "pd normalized", RunnerOptions.reference());
                Runner nat = HostRunner.open(file, "pd.tflite")) {
            for (int i = 0; i < 5; i++) {
                byte[] x = new byte[6 * 6 * 4];
                rnd.nextBytes(x);
                assertArrayEquals(ref.run(x), nat.run(x), "input " + i);
            }
        }
    }
}
