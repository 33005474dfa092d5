package dev.tinyforge.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.BatchNorm;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchNormFolderTest {

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return v;
    }

    /** conv (2 -> 4) then depthwise with multiplier 2 (4 -> 8), no activations. */
    private static Graph net() {
        GraphBuilder b = new GraphBuilder("n");
        b.input("x", new int[] {1, 5, 5, 2}, DType.FLOAT32, null);
        b.tensor(Tensor.constFloat("c/w", new int[] {4, 3, 3, 2}, random(72, 1)));
        b.tensor(Tensor.constFloat("c/b", new int[] {4}, random(4, 2)));
        b.add(Conv2d.OP, new Conv2d.Params(1, 1, 1, 1, Padding.SAME, Activation.NONE), List.of("x", "c/w", "c/b"),
                "c");
        b.tensor(Tensor.constFloat("d/w", new int[] {1, 3, 3, 8}, random(72, 3)));
        b.tensor(Tensor.constFloat("d/b", new int[] {8}, random(8, 4)));
        b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(1, 1, 1, 1, Padding.SAME, 2, Activation.NONE),
                List.of("c", "d/w", "d/b"), "d");
        b.output("d");
        return b.build();
    }

    private static BatchNorm known(int channels, long seed) {
        float[] g = random(channels, seed);
        float[] var = random(channels, seed + 1);
        for (int i = 0; i < channels; i++) {
            var[i] = var[i] * var[i] + 0.5f;
        }
        return new BatchNorm(g, random(channels, seed + 2), random(channels, seed + 3), var, 1e-3f);
    }

    private static float[] applyBn(float[] y, BatchNorm bn) {
        int c = bn.gamma().length;
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            int k = i % c;
            out[i] = (float) ((y[i] - bn.mean()[k]) * bn.gamma()[k] / Math.sqrt(bn.variance()[k] + bn.epsilon())
                    + bn.beta()[k]);
        }
        return out;
    }

    @Test
    void foldingKnownStatisticsEqualsApplyingTheNormalisation() {
        Graph g = net();
        BatchNorm bnC = known(4, 10);
        BatchNorm bnD = known(8, 20);
        Graph folded = BatchNormFolder.fold(g, Map.of("c", bnC, "d", bnD), List.of());
        float[] x = random(50, 7);
        // unfolded: conv, BN, depthwise, BN — computed op by op with the original weights
        FloatExecutor exec = new FloatExecutor(g);
        Map<String, float[]> values = exec.bind(List.of(x));
        values.put("c", applyBn(exec.runOp(g.ops().get(0), values, true), bnC));
        float[] expected = applyBn(exec.runOp(g.ops().get(1), values, true), bnD);
        float[] actual = new FloatExecutor(folded).run(List.of(x)).get(0);
        assertArrayEquals(expected, actual, 1e-4f);
    }

    @Test
    void estimatedStatisticsNormaliseTheCalibrationSet() {
        Graph g = net();
        float[] gamma = {1, 2, 0.5f, 1};
        float[] beta = {0, 1, -1, 0.25f};
        Graph folded = BatchNormFolder.fold(g, Map.of("c", new BatchNorm(gamma, beta, null, null, 1e-5f)),
                List.of(random(50, 1), random(50, 2), random(50, 3)));
        FloatExecutor exec = new FloatExecutor(folded);
        double[] sum = new double[4];
        double[] sq = new double[4];
        for (long s = 1; s <= 3; s++) {
            float[] y = exec.runAll(List.of(random(50, s))).get("c");
            for (int i = 0; i < y.length; i++) {
                sum[i % 4] += y[i];
                sq[i % 4] += y[i] * y[i];
            }
        }
        for (int c = 0; c < 4; c++) {
            double mean = sum[c] / 75;
            double std = Math.sqrt(sq[c] / 75 - mean * mean);
            assertEquals(beta[c], mean, 1e-4, "mean of channel " + c);
            assertEquals(gamma[c], std, 1e-3, "std of channel " + c);
        }
        // the depthwise layer had no batch norm: its weights are untouched
        assertArrayEquals(g.tensor("d/w").floats(), folded.tensor("d/w").floats());
        assertNotEquals(g.tensor("c/w").floats()[0], folded.tensor("c/w").floats()[0]);
    }

    @Test
    void unknownLayerIsNamed() {
        BatchNorm bn = known(4, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchNormFolder.fold(net(), Map.of("nope", bn), List.of()));
        assertEquals(true, e.getMessage().contains("'nope'"), e.getMessage());
    }

    @Test
    void syntheticImagesAreDeterministicBoundedAndVaried() {
        int[] shape = {1, 16, 16, 3};
        List<float[]> a = SyntheticData.images(shape, 3, 5);
        List<float[]> b = SyntheticData.images(shape, 3, 5);
        List<float[]> c = SyntheticData.images(shape, 3, 6);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(a.get(i), b.get(i));
            assertNotEquals(a.get(i)[0], c.get(i)[0]);
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float v : a.get(i)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertEquals(true, min >= -1 && max <= 1 && max - min > 0.3, "range " + min + ".." + max);
        }
    }
}
