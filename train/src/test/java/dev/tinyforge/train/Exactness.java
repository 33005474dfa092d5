package dev.tinyforge.train;

import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.BatchNorm;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ops.Softmax;
import dev.tinyforge.quant.BatchNormFolder;
import dev.tinyforge.zoo.ZooModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/** Test helpers: compare a {@link TorchNet} in evaluation mode with the float executor on the folded graph. */
final class Exactness {
    private Exactness() {
    }

    /** The model with every batch norm given random statistics (mean in ±0.2, variance in [0.5, 2]). */
    static ZooModel withRandomStatistics(ZooModel m, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, BatchNorm> bns = new LinkedHashMap<>();
        m.batchNorms().forEach((k, bn) -> {
            float[] mean = new float[bn.gamma().length];
            float[] var = new float[bn.gamma().length];
            for (int c = 0; c < mean.length; c++) {
                mean[c] = (float) (0.4 * rnd.nextDouble() - 0.2);
                var[c] = (float) (0.5 + 1.5 * rnd.nextDouble());
            }
            bns.put(k, bn.withStatistics(mean, var));
        });
        return new ZooModel(m.graph(), bns);
    }

    /** Random inputs in [0, 1): {@code samples} lists of one array per graph input. */
    static List<List<float[]>> inputs(Graph g, int samples, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<List<float[]>> all = new ArrayList<>();
        for (int s = 0; s < samples; s++) {
            List<float[]> one = new ArrayList<>();
            for (int i = 0; i < g.inputs().size(); i++) {
                float[] x = new float[(int) g.input(i).elements()];
                for (int k = 0; k < x.length; k++) {
                    x[k] = (float) rnd.nextDouble();
                }
                one.add(x);
            }
            all.add(one);
        }
        return all;
    }

    /**
     * The largest relative error (max |torch − executor| / max |executor|, per tensor) over the graph
     * outputs and the classifier's logits, for {@code samples} run as one torch batch.
     */
    static double maxRelativeError(TorchNet net, ZooModel statistics, List<List<float[]>> samples) {
        Graph folded = BatchNormFolder.fold(statistics.graph(), statistics.batchNorms(), List.of());
        FloatExecutor exec = new FloatExecutor(folded);
        Graph g = statistics.graph();
        List<String> names = new ArrayList<>(g.outputs());
        String logits = null;
        float beta = 1;
        for (String o : g.outputs()) {
            Op p = g.producer(o);
            if (p.kind() == Softmax.OP && logits == null) {
                logits = p.input(0);
                beta = p.params(Softmax.Params.class).beta();
            }
        }
        double worst = 0;
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            List<Tensor> in = new ArrayList<>();
            for (int i = 0; i < g.inputs().size(); i++) {
                int per = (int) g.input(i).elements();
                float[] batch = new float[per * samples.size()];
                for (int s = 0; s < samples.size(); s++) {
                    System.arraycopy(samples.get(s).get(i), 0, batch, s * per, per);
                }
                in.add(BatchTensors.input(batch, samples.size(), g.input(i).shape()));
            }
            Map<String, Tensor> out = net.forward(in, false);
            for (int s = 0; s < samples.size(); s++) {
                Map<String, float[]> expected = exec.runAll(samples.get(s));
                for (String n : names) {
                    worst = Math.max(worst, relative(sample(out.get(n), s), expected.get(n)));
                }
                if (logits != null) {
                    float[] scaled = expected.get(logits).clone();
                    for (int k = 0; k < scaled.length; k++) {
                        scaled[k] *= beta;
                    }
                    worst = Math.max(worst, relative(sample(out.get(TorchNet.LOGITS), s), scaled));
                }
            }
        }
        return worst;
    }

    private static float[] sample(Tensor t, int s) {
        float[] all = TorchTensors.floats(Layout.toIr(t));
        int per = all.length / (int) t.size(0);
        return java.util.Arrays.copyOfRange(all, s * per, (s + 1) * per);
    }

    static double relative(float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            throw new AssertionError(actual.length + " values, expected " + expected.length);
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < actual.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return diff / Math.max(scale, 1e-30);
    }
}
