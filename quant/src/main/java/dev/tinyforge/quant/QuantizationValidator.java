package dev.tinyforge.quant;

import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ir.WeightedOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an int8 (or 16x8) graph for what TFLite does not check, or checks only when a kernel is
 * prepared: a per-channel bias whose scale is not input_scale × weight_scale[c] is accepted silently
 * and gives wrong answers, and shared-scale rules surface as late, cryptic interpreter errors. In 16x8
 * mode TFLite's kernels also require int16 activations with zero point 0, int64 biases for
 * convolutions and fully connected layers, and softmax and logistic outputs at 1/32768.
 */
public final class QuantizationValidator {
    private static final double RELATIVE_TOLERANCE = 1e-5;

    private QuantizationValidator() {
    }

    /** Every problem found, each naming op index, kind and tensor; empty for a float graph. */
    public static List<String> problems(Graph g) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < g.ops().size(); i++) {
            Op op = g.ops().get(i);
            String where = "op " + i + " " + op.kind() + " '" + op.output() + "'";
            Tensor in = g.tensor(op.input(0));
            Tensor out = g.tensor(op.output());
            boolean quantized = in.dtype().isQuantizedActivation() || out.dtype().isQuantizedActivation();
            if (!quantized) {
                continue;
            }
            for (String name : op.inputs()) {
                Tensor t = g.tensor(name);
                if (!t.isConstant() && t.dtype().isQuantizedActivation()) {
                    checkActivation(t, where, problems);
                }
            }
            if (out.dtype().isQuantizedActivation()) {
                checkActivation(out, where, problems);
            }
            if (in.dtype() == DType.INT16 || out.dtype() == DType.INT16) {
                if (!(op.kind() instanceof QuantizationRule r) || !r.supports16x8()) {
                    problems.add(where + ": TFLite has no int16 kernel for " + op.kind());
                }
            }
            if (op.kind() instanceof WeightedOp) {
                checkWeighted(op, g, where, problems);
            }
            QuantRule rule = QuantizePass.rule(op.kind());
            if (rule == QuantRule.SAME_AS_INPUT || rule == QuantRule.SHARED_WITH_INPUTS) {
                for (String name : rule == QuantRule.SAME_AS_INPUT ? List.of(op.input(0)) : op.inputs()) {
                    Quant qi = g.tensor(name).quant();
                    if (qi == null || out.quant() == null || qi.scale() != out.quant().scale()
                            || qi.zeroPoint() != out.quant().zeroPoint()) {
                        problems.add(where + ": input '" + name + "' (" + qi + ") and output (" + out.quant()
                                + ") must share scale and zero point for TFLite's int8 kernel");
                    }
                }
            }
            if (rule == QuantRule.FIXED_UNIT_INTERVAL && out.quant() != null && out.dtype() == DType.INT8
                    && (out.quant().scale() != 1f / 256 || out.quant().zeroPoint() != -128)) {
                problems.add(where + ": output must have scale 1/256 and zero point -128, has " + out.quant());
            }
            if (rule == QuantRule.FIXED_UNIT_INTERVAL && out.quant() != null && out.dtype() == DType.INT16
                    && (out.quant().scale() != 1f / 32768 || out.quant().zeroPoint() != 0)) {
                problems.add(where + ": int16 output must have scale 1/32768 and zero point 0, has " + out.quant());
            }
        }
        return problems;
    }

    /** Throws {@link IllegalArgumentException} listing every problem. */
    public static void validate(Graph g) {
        List<String> p = problems(g);
        if (!p.isEmpty()) {
            throw new IllegalArgumentException("graph " + g.name() + " has " + p.size() + " quantization problem"
                    + (p.size() == 1 ? "" : "s") + ": " + String.join("; ", p));
        }
    }

    private static void checkActivation(Tensor t, String where, List<String> problems) {
        Quant q = t.quant();
        String type = t.dtype().name().toLowerCase(java.util.Locale.ROOT);
        if (q == null) {
            problems.add(where + ": " + type + " tensor '" + t.name() + "' has no quantization");
            return;
        }
        if (q.isPerChannel()) {
            problems.add(where + ": activation '" + t.name() + "' must be quantized per tensor");
        }
        if (!(q.scale() > 0) || Float.isInfinite(q.scale())) {
            problems.add(where + ": activation '" + t.name() + "' has scale " + q.scale() + ", expected finite > 0");
        }
        if (t.dtype() == DType.INT16 && q.zeroPoint() != 0) {
            problems.add(where + ": int16 activation '" + t.name() + "' has zero point " + q.zeroPoint()
                    + ", expected 0 (TFLite's 16x8 kernels take symmetric int16)");
        } else if (q.zeroPoint() < t.dtype().minValue() || q.zeroPoint() > t.dtype().maxValue()) {
            problems.add(where + ": activation '" + t.name() + "' has zero point " + q.zeroPoint()
                    + ", expected " + t.dtype().minValue() + ".." + t.dtype().maxValue());
        }
    }

    private static void checkWeighted(Op op, Graph g, String where, List<String> problems) {
        Tensor in = g.tensor(op.input(0));
        Tensor w = g.tensor(op.input(1));
        Tensor b = g.tensor(op.input(2));
        if (w.dtype() != DType.INT8 || w.quant() == null) {
            problems.add(where + ": weights '" + w.name() + "' must be int8 with quantization, are " + w.dtype());
            return;
        }
        Quant wq = w.quant();
        WeightedOp weighted = (WeightedOp) op.kind();
        int expectedDim = weighted.channelDimension();
        int channels = w.dim(expectedDim);
        if (wq.isPerChannel() && (wq.channels() != channels || wq.dimension() != expectedDim)) {
            problems.add(where + ": weights '" + w.name() + "' have " + wq.channels() + " scales on dimension "
                    + wq.dimension() + ", expected " + channels + " on dimension " + expectedDim);
        }
        if (!wq.isPerChannel() && !weighted.allowsPerTensorWeights()) {
            problems.add(where + ": weights '" + w.name() + "' must be quantized per output channel");
        }
        for (long zp : wq.zeroPoints()) {
            if (zp != 0) {
                problems.add(where + ": weights '" + w.name() + "' have zero point " + zp + ", expected 0 (symmetric)");
                break;
            }
        }
        if (w.isConstant()) {
            for (byte v : w.int8s()) {
                if (v == -128) {
                    problems.add(where + ": weights '" + w.name() + "' contain -128, expected values in [-127, 127]");
                    break;
                }
            }
        }
        DType biasType = in.dtype() == DType.INT16 ? DType.INT64 : DType.INT32;
        if (b.dtype() != biasType || b.quant() == null) {
            problems.add(where + ": bias '" + b.name() + "' must be " + biasType.name().toLowerCase(java.util.Locale.ROOT)
                    + " with quantization" + (biasType == DType.INT64 ? " (int16 input, 16x8 mode)" : "") + ", is "
                    + b.dtype() + (b.quant() == null ? " without quantization" : ""));
            return;
        }
        if (in.quant() == null) {
            return;
        }
        Quant bq = b.quant();
        for (long zp : bq.zeroPoints()) {
            if (zp != 0) {
                problems.add(where + ": bias '" + b.name() + "' has zero point " + zp + ", expected 0");
                break;
            }
        }
        for (int c = 0; c < channels; c++) {
            double expected = (double) in.quant().scale() * wq.scale(c);
            double actual = bq.scale(c);
            if (Math.abs(actual - expected) > RELATIVE_TOLERANCE * expected) {
                problems.add(where + ": bias '" + b.name() + "' channel " + c + " has scale " + actual
                        + ", expected input scale x weight scale = " + expected
                        + " (TFLite would silently compute wrong outputs)");
                break;
            }
        }
    }
}
