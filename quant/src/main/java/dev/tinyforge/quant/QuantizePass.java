package dev.tinyforge.quant;

import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.OpRegistry;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ir.WeightedOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Float graph + calibrated ranges → int8 graph (or int16 activations in TFLite's 16x8 mode, see
 * {@link QuantizeOptions.Mode}), with TFLite's conventions, so that TFLite's built-in kernels accept the
 * result and a C implementation can reproduce it bit for bit.
 *
 * <ul>
 *   <li>Weights ({@link WeightedOp}): symmetric per output channel, zero point 0, values in
 *       [-127, 127], scale max|w|/127 (1/127 for an all-zero channel), quantized dimension the op's
 *       channel dimension (0, or 3 for DEPTHWISE_CONV_2D). Ops that allow it (FULLY_CONNECTED) get
 *       per-tensor weights unless {@link QuantizeOptions} asks otherwise.</li>
 *   <li>Biases: int32, zero point 0, scale input_scale × weight_scale[c] (product in double, stored
 *       as float).</li>
 *   <li>Activations: per tensor, asymmetric, from the calibrated range widened to include 0, so 0.0 is
 *       exactly representable: scale (max−min)/255, zero point round(−128 − min/scale). In 16x8 mode
 *       int16, symmetric: scale max(|min|, |max|)/32767, zero point 0; biases are then int64 and softmax
 *       and logistic outputs 1/32768 with zero point 0.</li>
 *   <li>The ops' {@link QuantRule}s ({@link QuantizationRule}) tie tensors together: a pool's output carries its input's
 *       quantization, a concatenation's inputs and output share one, softmax and logistic outputs are
 *       1/256 and −128. Tied tensors form groups (union-find); a group's range is the union of its
 *       members' ranges.</li>
 * </ul>
 * Rounding is half away from zero throughout.
 */
public final class QuantizePass {
    /** Range used for a tensor that was always exactly zero during calibration. */
    private static final float DEGENERATE_RANGE = 1e-3f;

    private QuantizePass() {
    }

    public static Graph quantize(Graph g, Map<String, Range> ranges, QuantizeOptions opts) {
        return new QuantizePass.Run(g, ranges, opts).graph();
    }

    /** Round half away from zero (TFLite's {@code TfLiteRound}). */
    public static long round(double x) {
        return (long) (x >= 0 ? Math.floor(x + 0.5) : Math.ceil(x - 0.5));
    }

    /** Per-tensor asymmetric int8 quantization of a range (widened to include 0). */
    public static Quant activationQuant(Range r) {
        double lo = Math.min(r.min(), 0f);
        double hi = Math.max(r.max(), 0f);
        if (hi - lo < 1e-9) {
            hi = lo + DEGENERATE_RANGE;
        }
        float scale = (float) ((hi - lo) / 255.0);
        long zp = Math.max(-128, Math.min(127, round(-128 - lo / scale)));
        return Quant.perTensor(scale, zp);
    }

    /**
     * TFLite's int8 HARD_SWISH needs output scale &gt; input scale / 128 (it refuses the model
     * otherwise). An input calibrated entirely below -3 gives a near-zero output range that breaks
     * this, so such an output range is widened to scale = input scale / 64.
     */
    public static Quant hardSwishOutput(Quant in, Quant out) {
        float floor = in.scale() / 64f;
        if (out.scale() >= floor) {
            return out;
        }
        float widen = floor / out.scale() * 1.0001f;
        float lo = out.scale() * (-128 - out.zeroPoint());
        float hi = out.scale() * (127 - out.zeroPoint());
        return activationQuant(new Range(lo * widen, hi * widen));
    }

    /** The scale of a 1/256, −128 output (softmax, logistic). */
    public static final Quant UNIT_INTERVAL = Quant.perTensor(1f / 256, -128);

    /** The fixed int16 output of softmax and logistic in 16x8 mode: 1/32768, zero point 0. */
    public static final Quant UNIT_INTERVAL_16 = Quant.perTensor(1f / 32768, 0);

    /**
     * Per-tensor symmetric int16 quantization of a range, as TFLite's converter quantizes activations in
     * 16x8 mode: zero point 0, scale max(|min|, |max|) / 32767.
     */
    public static Quant activationQuant16(Range r) {
        double maxAbs = Math.max(Math.abs((double) r.min()), Math.abs((double) r.max()));
        if (maxAbs < 1e-9) {
            maxAbs = DEGENERATE_RANGE;
        }
        return Quant.perTensor((float) (maxAbs / 32767.0), 0);
    }

    /** An op the float-I/O boundary needs, looked up by name (the ops live above this module). */
    private static OpType op(String name) {
        return OpRegistry.byName(name).orElseThrow(() -> new IllegalStateException("no " + name
                + " op on the class path (the tinyforge-codegen module)"));
    }

    /** An op's output rule, or an error naming an op without the facet. */
    static QuantRule rule(OpType kind) {
        if (!(kind instanceof QuantizationRule r)) {
            throw new IllegalStateException(kind + " has no quantization rule (see CONTRIBUTING.md)");
        }
        return r.outputRule();
    }

    private static final class Run {
        private final Graph g;
        private final Map<String, Range> ranges;
        private final QuantizeOptions opts;
        private final Map<String, String> parent = new HashMap<>();
        private final Map<String, Quant> fixed = new HashMap<>();
        /** Role of each constant: "weight:<dim>" or "bias" (with the op that uses it). */
        private final Map<String, Op> weightOf = new HashMap<>();
        private final Map<String, Op> biasOf = new HashMap<>();

        Run(Graph g, Map<String, Range> ranges, QuantizeOptions opts) {
            this.g = g;
            this.ranges = ranges;
            this.opts = opts;
        }

        private String find(String t) {
            String p = parent.getOrDefault(t, t);
            if (p.equals(t)) {
                return t;
            }
            String root = find(p);
            parent.put(t, root);
            return root;
        }

        private void union(String a, String b) {
            String ra = find(a);
            String rb = find(b);
            if (!ra.equals(rb)) {
                parent.put(rb, ra);
                Quant fb = fixed.remove(rb);
                if (fb != null) {
                    fixed.put(ra, fb);
                }
            }
        }

        Graph graph() {
            for (Tensor t : g.tensors()) {
                if (t.dtype() != DType.FLOAT32) {
                    throw new IllegalArgumentException("quantization takes a float graph; tensor '" + t.name()
                            + "' of " + g.name() + " is already " + t.dtype());
                }
            }
            boolean wide = opts.mode() == QuantizeOptions.Mode.INT16X8;
            DType act = opts.mode().activations();
            if (wide) {
                for (int i = 0; i < g.ops().size(); i++) {
                    Op op = g.ops().get(i);
                    rule(op.kind());
                    if (!((QuantizationRule) op.kind()).supports16x8()) {
                        throw new IllegalArgumentException("op " + i + " " + op.kind() + " '" + op.output() + "' of "
                                + g.name() + ": TFLite has no int16 kernel for " + op.kind() + ", so the graph cannot "
                                + "be quantized in 16x8 mode; quantize it as int8");
                    }
                }
            }
            for (Op op : g.ops()) {
                if (op.kind() instanceof WeightedOp) {
                    weightOf.put(op.input(WeightedOp.WEIGHTS), op);
                    biasOf.put(op.input(WeightedOp.BIAS), op);
                }
                QuantRule rule = rule(op.kind());
                if (rule == QuantRule.SAME_AS_INPUT) {
                    union(op.input(0), op.output());
                } else if (rule == QuantRule.SHARED_WITH_INPUTS) {
                    for (String in : op.inputs()) {
                        union(op.output(), in);
                    }
                } else if (rule == QuantRule.FIXED_UNIT_INTERVAL) {
                    fixed.put(find(op.output()), wide ? UNIT_INTERVAL_16 : UNIT_INTERVAL);
                }
            }
            // Group ranges: union over members; constants that are plain operands contribute their data.
            Map<String, Range> groupRange = new LinkedHashMap<>();
            for (Tensor t : g.tensors()) {
                if (weightOf.containsKey(t.name()) || biasOf.containsKey(t.name())) {
                    continue;
                }
                Range r = t.isConstant() ? Range.of(t.floats()) : ranges.get(t.name());
                if (r != null) {
                    groupRange.merge(find(t.name()), r, Range::union);
                }
            }
            Map<String, Quant> activationQuant = new HashMap<>();
            for (Tensor t : g.tensors()) {
                if (weightOf.containsKey(t.name()) || biasOf.containsKey(t.name())) {
                    continue;
                }
                String root = find(t.name());
                Quant q = fixed.get(root);
                if (q == null) {
                    Range r = groupRange.get(root);
                    if (r == null) {
                        Op producer = g.producer(t.name());
                        throw new IllegalArgumentException("no calibrated range for tensor '" + t.name() + "'"
                                + (producer == null ? " (a graph input)" : " (output of " + producer.kind() + ")")
                                + "; calibrate with the float executor's runAll before quantizing");
                    }
                    q = wide ? activationQuant16(r) : activationQuant(r);
                }
                activationQuant.put(t.name(), q);
            }
            if (!wide) { // the corrections are those of TFLite's int8 kernels
                // An adjusted output carries its group with it: a RESHAPE after LOG_SOFTMAX must keep
                // LOG_SOFTMAX's fixed 16/256, or the tie TFLite's kernels demand would break.
                Map<String, List<String>> members = new HashMap<>();
                for (String t : activationQuant.keySet()) {
                    members.computeIfAbsent(find(t), k -> new ArrayList<>()).add(t);
                }
                for (Op op : g.ops()) {
                    Quant current = activationQuant.get(op.output());
                    Quant adjusted = ((QuantizationRule) op.kind()).adjustOutput(activationQuant.get(op.input(0)),
                            current);
                    if (!adjusted.equals(current)) {
                        for (String t : members.get(find(op.output()))) {
                            activationQuant.put(t, adjusted);
                        }
                    }
                }
            }

            GraphBuilder b = new GraphBuilder(g.name());
            Map<String, String> rename = new HashMap<>();
            List<Op> boundary = new ArrayList<>();
            for (String in : g.inputs()) {
                Tensor t = g.tensor(in);
                Quant q = activationQuant.get(in);
                if (opts.floatIo()) {
                    String inner = in + suffix();
                    b.input(in, t.shape(), DType.FLOAT32, null);
                    b.tensor(Tensor.activation(inner, t.shape(), act, q));
                    boundary.add(new Op(op("QUANTIZE"), List.of(in), List.of(inner), new OpParams.None()));
                    rename.put(in, inner);
                } else {
                    b.input(in, t.shape(), act, q);
                }
            }
            boundary.forEach(b::op);
            List<String> outputs = new ArrayList<>();
            List<Op> tail = new ArrayList<>();
            for (String out : g.outputs()) {
                if (opts.floatIo() && !g.inputs().contains(out)) {
                    String inner = out + suffix();
                    rename.put(out, inner);
                    tail.add(new Op(op("DEQUANTIZE"), List.of(inner), List.of(out), new OpParams.None()));
                    b.tensor(Tensor.activation(out, g.tensor(out).shape(), DType.FLOAT32, null));
                }
                outputs.add(out);
            }
            for (Op op : g.ops()) {
                List<String> inputs = new ArrayList<>();
                for (int i = 0; i < op.inputs().size(); i++) {
                    String name = op.input(i);
                    Tensor t = g.tensor(name);
                    String mapped = rename.getOrDefault(name, name);
                    if (!b.hasTensor(mapped)) {
                        b.tensor(quantizeTensor(t, mapped, op, activationQuant));
                    }
                    inputs.add(mapped);
                }
                List<String> outs = new ArrayList<>();
                for (String o : op.outputs()) {
                    String mapped = rename.getOrDefault(o, o);
                    b.tensor(Tensor.activation(mapped, g.tensor(o).shape(), act, activationQuant.get(o)));
                    outs.add(mapped);
                }
                b.op(new Op(op.kind(), inputs, outs, op.params()));
            }
            tail.forEach(b::op);
            b.outputs(outputs);
            g.metadata().forEach(b::metadata);
            b.metadata("quantization", wide
                    ? "16x8 post-training: int16 symmetric per-tensor activations, per-channel int8 weights, int64 "
                            + "biases" + (opts.floatIo() ? ", float input/output" : ", int16 input/output")
                    : "int8 post-training: per-channel weights, per-tensor activations"
                            + (opts.floatIo() ? ", float input/output" : ", int8 input/output"));
            return b.build();
        }

        /** The name suffix of the integer tensor behind a float model input or output: {@code _int8}, {@code _int16}. */
        private String suffix() {
            return "_" + opts.mode().activations().name().toLowerCase(java.util.Locale.ROOT);
        }

        private Tensor quantizeTensor(Tensor t, String name, Op user, Map<String, Quant> activationQuant) {
            if (!t.isConstant()) {
                return Tensor.activation(name, t.shape(), opts.mode().activations(), activationQuant.get(t.name()));
            }
            Op weightUser = weightOf.get(t.name());
            if (weightUser != null) {
                return weights(t, weightUser);
            }
            Op biasUser = biasOf.get(t.name());
            if (biasUser != null) {
                return bias(t, biasUser, activationQuant);
            }
            Quant q = activationQuant.get(t.name());
            float[] v = t.floats();
            if (opts.mode() == QuantizeOptions.Mode.INT16X8) {
                short[] data = new short[v.length];
                for (int i = 0; i < v.length; i++) {
                    data[i] = (short) Math.max(-32768, Math.min(32767, round(v[i] / q.scale()) + q.zeroPoint()));
                }
                return Tensor.constInt16(name, t.shape(), data, q);
            }
            byte[] data = new byte[v.length];
            for (int i = 0; i < v.length; i++) {
                data[i] = (byte) Math.max(-128, Math.min(127, round(v[i] / q.scale()) + q.zeroPoint()));
            }
            return Tensor.constInt8(name, t.shape(), data, q);
        }

        /** The dimension that indexes output channels of a weight tensor, or -1 for per-tensor. */
        private int channelDim(Op op) {
            WeightedOp w = (WeightedOp) op.kind();
            if (w.allowsPerTensorWeights() && !opts.perChannelFullyConnected()) {
                return -1;
            }
            return w.channelDimension();
        }

        private Tensor weights(Tensor t, Op op) {
            float[] w = t.floats();
            int dim = channelDim(op);
            int[] shape = t.shape();
            int channels = dim < 0 ? 1 : shape[dim];
            int inner = 1;
            for (int d = dim + 1; d < shape.length && dim >= 0; d++) {
                inner *= shape[d];
            }
            float[] maxAbs = new float[channels];
            for (int i = 0; i < w.length; i++) {
                int c = dim < 0 ? 0 : (i / inner) % channels;
                maxAbs[c] = Math.max(maxAbs[c], Math.abs(w[i]));
            }
            float[] scales = new float[channels];
            for (int c = 0; c < channels; c++) {
                scales[c] = maxAbs[c] > 0 ? maxAbs[c] / 127f : 1f / 127f;
            }
            byte[] q = new byte[w.length];
            for (int i = 0; i < w.length; i++) {
                int c = dim < 0 ? 0 : (i / inner) % channels;
                q[i] = (byte) Math.max(-127, Math.min(127, round(w[i] / scales[c])));
            }
            Quant quant = dim < 0 ? Quant.perTensor(scales[0], 0) : Quant.perChannel(scales, dim);
            return Tensor.constInt8(t.name(), shape, q, quant);
        }

        private Tensor bias(Tensor t, Op op, Map<String, Quant> activationQuant) {
            float inScale = activationQuant.get(op.input(0)).scale();
            Quant wq = weights(g.tensor(op.input(1)), op).quant();
            float[] b = t.floats();
            float[] scales = new float[b.length];
            long[] q = new long[b.length];
            DType type = opts.mode().biases();
            for (int c = 0; c < b.length; c++) {
                scales[c] = (float) ((double) inScale * wq.scale(c));
                q[c] = Math.max(type.minValue(), Math.min(type.maxValue(), round(b[c] / (double) scales[c])));
            }
            Quant bq = wq.isPerChannel() ? Quant.perChannel(scales, 0) : Quant.perTensor(scales[0], 0);
            if (type == DType.INT64) {
                return Tensor.constInt64(t.name(), t.shape(), q, bq);
            }
            int[] q32 = new int[q.length];
            for (int c = 0; c < q.length; c++) {
                q32[c] = (int) q[c];
            }
            return Tensor.constInt32(t.name(), t.shape(), q32, bq);
        }
    }
}
