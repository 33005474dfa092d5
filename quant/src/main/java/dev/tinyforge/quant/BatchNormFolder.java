package dev.tinyforge.quant;

import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.BatchNorm;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ir.WeightedOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds batch normalisations into the convolution or fully connected layer they follow:
 * {@code w'[c] = w[c]·s[c]}, {@code b'[c] = β[c] + (b[c] − μ[c])·s[c]} with {@code s = γ/√(σ²+ε)}.
 *
 * <p>Where a batch norm has no statistics (a randomly initialised network), they are estimated on
 * the calibration inputs from the layer's pre-activation output, after the earlier layers are
 * folded: the data-dependent initialisation that keeps every layer's activations normalised, so
 * calibration ranges stay meaningful at any depth. (It does not make a random network behave like a
 * trained one: batch-normalised random ReLU networks amplify small perturbations with depth, see
 * ZooExportTest.) One pass over the graph: each normalisation is applied to the measured outputs
 * directly instead of rerunning the network.
 */
public final class BatchNormFolder {
    private BatchNormFolder() {
    }

    /** For a single-input graph: one calibration input per sample. */
    public static Graph fold(Graph g, Map<String, BatchNorm> batchNorms, List<float[]> calibration) {
        List<List<float[]>> samples = new ArrayList<>();
        for (float[] x : calibration) {
            samples.add(List.of(x));
        }
        return foldSamples(g, batchNorms, samples);
    }

    /**
     * Folds the batch norms of a graph with any number of inputs.
     *
     * @param samples per calibration sample, one value array per graph input, in the graph's order
     */
    public static Graph foldSamples(Graph g, Map<String, BatchNorm> batchNorms, List<List<float[]>> samples) {
        Map<String, Op> targets = new HashMap<>();
        for (Op op : g.ops()) {
            if (batchNorms.containsKey(op.output())) {
                if (!(op.kind() instanceof WeightedOp)) {
                    throw new IllegalArgumentException("batch norm after '" + op.output() + "', a " + op.kind()
                            + "; only the outputs of ops with weights (convolutions, fully connected) can be folded");
                }
                targets.put(op.output(), op);
            }
        }
        for (String key : batchNorms.keySet()) {
            if (!targets.containsKey(key)) {
                throw new IllegalArgumentException("batch norm for '" + key + "', which no layer of " + g.name()
                        + " produces");
            }
        }
        boolean needData = batchNorms.values().stream().anyMatch(bn -> !bn.hasStatistics());
        if (needData && samples.isEmpty()) {
            throw new IllegalArgumentException("batch norms without statistics need calibration inputs");
        }
        FloatExecutor exec = new FloatExecutor(g);
        Map<String, Integer> lastUse = lastUse(g);
        List<Map<String, float[]>> runs = new ArrayList<>();
        if (needData) {
            for (List<float[]> x : samples) {
                runs.add(exec.bind(x));
            }
        }
        GraphBuilder b = g.toBuilder();
        for (int i = 0; i < g.ops().size(); i++) {
            Op op = g.ops().get(i);
            BatchNorm bn = batchNorms.get(op.output());
            if (bn != null) {
                int channels = g.tensor(op.output()).dim(-1);
                List<float[]> pre = new ArrayList<>();
                for (Map<String, float[]> run : runs) {
                    pre.add(exec.runOp(op, run, false));
                }
                if (!bn.hasStatistics()) {
                    bn = estimate(bn, pre, channels);
                }
                float[] s = new float[channels];
                for (int c = 0; c < channels; c++) {
                    s[c] = (float) (bn.gamma()[c] / Math.sqrt(bn.variance()[c] + bn.epsilon()));
                }
                rewriteWeights(b, g, op, bn, s);
                Activation act = activation(op);
                for (int r = 0; r < pre.size(); r++) {
                    float[] y = pre.get(r);
                    for (int k = 0; k < y.length; k++) {
                        int c = k % channels;
                        y[k] = act.apply((y[k] - bn.mean()[c]) * s[c] + bn.beta()[c]);
                    }
                    runs.get(r).put(op.output(), y);
                }
            } else {
                for (Map<String, float[]> run : runs) {
                    run.put(op.output(), exec.runOp(op, run, true));
                }
            }
            final int done = i;
            for (Map<String, float[]> run : runs) {
                run.keySet().removeIf(name -> lastUse.getOrDefault(name, -1) <= done);
            }
        }
        return b.build();
    }

    /** Index of the last op reading each activation (graph outputs never expire). */
    private static Map<String, Integer> lastUse(Graph g) {
        Map<String, Integer> last = new HashMap<>();
        for (int i = 0; i < g.ops().size(); i++) {
            for (String n : g.ops().get(i).inputs()) {
                last.put(n, i);
            }
        }
        for (String out : g.outputs()) {
            last.put(out, Integer.MAX_VALUE);
        }
        return last;
    }

    private static BatchNorm estimate(BatchNorm bn, List<float[]> pre, int channels) {
        double[] sum = new double[channels];
        double[] sumSq = new double[channels];
        long count = 0;
        for (float[] y : pre) {
            for (int k = 0; k < y.length; k++) {
                sum[k % channels] += y[k];
                sumSq[k % channels] += (double) y[k] * y[k];
            }
            count += y.length / channels;
        }
        float[] mean = new float[channels];
        float[] var = new float[channels];
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / count;
            mean[c] = (float) m;
            var[c] = (float) Math.max(0, sumSq[c] / count - m * m);
        }
        return bn.withStatistics(mean, var);
    }

    private static Activation activation(Op op) {
        return op.params() instanceof OpParams.WithActivation a ? a.activation() : Activation.NONE;
    }

    private static void rewriteWeights(GraphBuilder b, Graph g, Op op, BatchNorm bn, float[] s) {
        Tensor wt = g.tensor(op.input(1));
        Tensor bt = g.tensor(op.input(2));
        float[] w = wt.floats();
        float[] bias = bt.floats();
        int channels = s.length;
        boolean lastDim = ((WeightedOp) op.kind()).channelDimension() == wt.rank() - 1;
        int inner = w.length / channels;
        for (int i = 0; i < w.length; i++) {
            w[i] *= s[lastDim ? i % channels : i / inner];
        }
        for (int c = 0; c < channels; c++) {
            bias[c] = bn.beta()[c] + (bias[c] - bn.mean()[c]) * s[c];
        }
        b.tensor(Tensor.constFloat(wt.name(), wt.shape(), w));
        b.tensor(Tensor.constFloat(bt.name(), bt.shape(), bias));
    }
}
