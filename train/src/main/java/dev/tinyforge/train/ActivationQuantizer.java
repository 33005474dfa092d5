package dev.tinyforge.train;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.quant.Range;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * The activation side of quantization-aware training: per tensor, the float range the int8 model's
 * quantization is derived from (starting at the post-training calibration's, then followed by an
 * exponential moving average of each training batch's min and max while observing), and the scale
 * and zero point currently applied. The scales and zero points are not derived here: {@link #refresh}
 * runs {@link QuantizePass} on the graph with the current ranges and reads them off the int8 graph,
 * so tied tensors (pools, concatenations), fixed outputs (softmax, logistic at 1/256, −128) and
 * kernel corrections (HARD_SWISH) are exactly what the export will write.
 */
public final class ActivationQuantizer {
    private final Map<String, Range> ranges;
    private final double momentum;
    private Map<String, Quant> quants = Map.of();
    private boolean observing;

    /**
     * @param calibrated the post-training calibration's range of every activation tensor
     * @param momentum the weight of each batch's range in the moving average (0..1)
     */
    public ActivationQuantizer(Map<String, Range> calibrated, double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("range momentum must be in [0, 1], got " + momentum);
        }
        this.ranges = new LinkedHashMap<>(calibrated);
        this.momentum = momentum;
    }

    /** Whether training batches update the ranges (they never change the quantization until {@link #refresh}). */
    public void setObserving(boolean value) {
        observing = value;
    }

    /** The current ranges, by tensor name. */
    public Map<String, Range> ranges() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
    }

    /** The quantization applied now, by tensor name. */
    public Map<String, Quant> quants() {
        return quants;
    }

    /**
     * Recomputes every activation's scale and zero point from the current ranges, as the export
     * will: {@link QuantizePass} over {@code floatGraph} (BN folded; its weights do not affect
     * activation quantization).
     */
    public void refresh(Graph floatGraph, QuantizeOptions options) {
        Graph int8 = QuantizePass.quantize(floatGraph, ranges, options);
        Map<String, Quant> q = new LinkedHashMap<>();
        for (String in : floatGraph.inputs()) {
            q.put(in, int8.tensor(in).quant());
        }
        for (Op op : floatGraph.ops()) {
            q.put(op.output(), int8.tensor(op.output()).quant());
        }
        quants = Collections.unmodifiableMap(q);
    }

    /**
     * The activation {@code name} as the int8 model holds it: observed first (training, while
     * observing), then fake-quantized. A tensor without a quantization passes unchanged.
     */
    Tensor apply(String name, Tensor x, boolean training) {
        if (training && observing) {
            observe(name, x);
        }
        Quant q = quants.get(name);
        return q == null ? x : FakeQuant.activation(x, q);
    }

    private void observe(String name, Tensor x) {
        float lo;
        float hi;
        try (NoGradGuard g = new NoGradGuard()) {
            lo = x.min().item_float();
            hi = x.max().item_float();
        }
        Range old = ranges.get(name);
        if (old == null) {
            ranges.put(name, new Range(lo, hi));
            return;
        }
        ranges.put(name, new Range((float) ((1 - momentum) * old.min() + momentum * lo),
                (float) ((1 - momentum) * old.max() + momentum * hi)));
    }
}
