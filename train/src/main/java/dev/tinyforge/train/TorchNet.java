package dev.tinyforge.train;

import dev.tinyforge.ir.BatchNorm;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ops.LogSoftmax;
import dev.tinyforge.ops.Softmax;
import dev.tinyforge.zoo.ZooModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * A zoo network as a PyTorch computation: each op of the graph lowered by its {@link OpLowering},
 * run in the graph's order, with the batch norms the {@link ZooModel} keeps beside the graph placed
 * between each layer and its fused activation, so that training sees the network the zoo designed
 * and evaluation computes exactly what the folded graph computes. {@link #writeBack()} returns the
 * trained network in the same form it came in. Lowered with {@link #lowerQuantized}, a network whose
 * batch norms are folded computes as its int8 model will (fake-quantized weights and activations),
 * for quantization-aware fine-tuning.
 *
 * <p>Activations are batched along dimension 0; rank-4 activations are NCHW inside torch (see
 * {@link Layout}). The network owns native tensors (parameters, running statistics) for as long as it
 * is reachable: lower it outside any {@code PointerScope} that closes before its last use. Not
 * thread-safe.
 */
public final class TorchNet {
    private final ZooModel model;
    private final List<TorchLayer> layers;
    private final Map<String, LoweringContext.GraphWeight> weights;
    private final Map<String, BatchNormLayer> batchNorms;
    private final List<Parameter> parameters;
    private final String logits;
    private final float logitsScale;
    private final String fingerprint;
    /** The fake quantization of activations in quantization-aware training, or {@code null}. */
    private final ActivationQuantizer activationQuant;

    private TorchNet(ZooModel model, TrainingHints hints, ActivationQuantizer activationQuant,
            boolean perChannelFullyConnected) {
        this.model = model;
        this.activationQuant = activationQuant;
        Graph g = model.graph();
        LoweringContext ctx = new LoweringContext(g, model.batchNorms(), hints, activationQuant != null,
                perChannelFullyConnected);
        List<TorchLayer> lowered = new ArrayList<>();
        for (Op op : g.ops()) {
            if (op.outputs().size() != 1) {
                throw new IllegalArgumentException(op.kind() + " '" + op.output() + "' has " + op.outputs().size()
                        + " outputs; the trainer lowers ops with one");
            }
            lowered.add(OpLowerings.forKind(op.kind()).lower(op, ctx));
        }
        List<String> unplaced = ctx.unplacedBatchNorms();
        if (!unplaced.isEmpty()) {
            throw new IllegalArgumentException("batch norms after " + unplaced
                    + " do not follow a convolution or fully connected layer of " + g.name());
        }
        this.layers = List.copyOf(lowered);
        this.weights = ctx.weights();
        this.batchNorms = ctx.batchNormLayers();
        List<Parameter> all = new ArrayList<>();
        weights.values().forEach(w -> all.add(w.parameter()));
        batchNorms.values().forEach(bn -> {
            all.add(bn.gamma());
            all.add(bn.beta());
        });
        this.parameters = List.copyOf(all);
        if (state().size() != parameters.size() + 2 * batchNorms.size()) {
            throw new IllegalArgumentException(g.name() + " has a tensor named like a batch norm's parameters ("
                    + "<layer>/bn/...); rename it to train the graph");
        }
        Op head = classifierSoftmax(g);
        this.logits = head == null ? null : head.input(0);
        this.logitsScale = head == null || head.kind() != Softmax.OP ? 1f : head.params(Softmax.Params.class).beta();
        this.fingerprint = ArchitectureFingerprint.of(g, model.batchNorms().keySet());
    }

    /**
     * Picks libtorch's convolutions for the process: oneDNN (mkldnn) when oneDNN is capped below AVX-512
     * by {@code ONEDNN_MAX_CPU_ISA}, else libtorch's own. On an AVX-512 AMD EPYC, oneDNN's AVX-512 kernels
     * gave resnet8 a forward pass off by 0.33 relative and NaN gradients; capped at AVX2 every
     * {@code TorchNetExactnessTest} case is exact, at oneDNN's speed (libtorch's own convolutions are
     * 2-3x slower). oneDNN reads the cap once, from the environment, so it cannot be set from here:
     * {@code ./tinyforge} and the build set it, and a process started without it stays exact, slower.
     */
    static void pickConvolutions() {
        org.bytedeco.pytorch.Context context = org.bytedeco.pytorch.global.torch.globalContext();
        context.setUserEnabledMkldnn(oneDnnCappedBelowAvx512(System.getenv("ONEDNN_MAX_CPU_ISA")));
        context.setDeterministicMkldnn(true);
    }

    /** Whether a {@code ONEDNN_MAX_CPU_ISA} value keeps oneDNN off its AVX-512 (and AMX) kernels. */
    static boolean oneDnnCappedBelowAvx512(String isa) {
        if (isa == null) {
            return false;
        }
        String v = isa.trim().toUpperCase(java.util.Locale.ROOT);
        return v.equals("SSE41") || v.equals("AVX") || v.startsWith("AVX2");
    }

    /** Lowers a zoo model (its graph and the batch norms to place) with training-only extras. */
    public static TorchNet lower(ZooModel model, TrainingHints hints) {
        pickConvolutions();
        return new TorchNet(model, hints, null, false);
    }

    /**
     * Lowers a network whose batch norms are folded for quantization-aware training: every weight of
     * a convolution or fully connected layer fake-quantized as TFLite's int8 scheme holds it (per
     * channel; fully connected per tensor unless {@code perChannelFullyConnected}), and every graph
     * input and op output fake-quantized with the scale and zero point {@code activations} holds.
     *
     * @throws IllegalArgumentException when the model still has batch norms to fold
     */
    public static TorchNet lowerQuantized(ZooModel folded, TrainingHints hints, ActivationQuantizer activations,
            boolean perChannelFullyConnected) {
        if (!folded.batchNorms().isEmpty()) {
            throw new IllegalArgumentException("quantization-aware training takes a network with its batch norms"
                    + " folded, as the export folds them; " + folded.graph().name() + " has "
                    + folded.batchNorms().size());
        }
        return new TorchNet(folded, hints, activations, perChannelFullyConnected);
    }

    /** The first graph output computed by a softmax (or log-softmax): the classifier the trainer's loss reads. */
    private static Op classifierSoftmax(Graph g) {
        for (String out : g.outputs()) {
            Op p = g.producer(out);
            if (p != null && (p.kind() == Softmax.OP || p.kind() == LogSoftmax.OP)) {
                return p;
            }
        }
        return null;
    }

    public Graph graph() {
        return model.graph();
    }

    /** The structure hash checkpoints are matched against ({@link ArchitectureFingerprint}). */
    public String fingerprint() {
        return fingerprint;
    }

    /** Every trainable tensor: layer weights and trainable biases first, then batch-norm scales and shifts. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Runs the network on a batch.
     *
     * @param inputs one tensor per graph input, in torch's layout with the batch as dimension 0
     * @param training batch statistics (and running-average updates) and dropout when true; running
     *     statistics and no dropout when false
     * @return the graph outputs by name, in torch's layout
     */
    public Map<String, Tensor> forward(List<Tensor> inputs, boolean training) {
        Graph g = model.graph();
        if (inputs.size() != g.inputs().size()) {
            throw new IllegalArgumentException(g.name() + " takes " + g.inputs().size() + " inputs, got "
                    + inputs.size());
        }
        Map<String, Tensor> values = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            checkInput(i, inputs.get(i));
            values.put(g.inputs().get(i), quantized(g.inputs().get(i), inputs.get(i), training));
        }
        for (int i = 0; i < layers.size(); i++) {
            String out = g.ops().get(i).output();
            values.put(out, quantized(out, layers.get(i).forward(values, training), training));
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String o : g.outputs()) {
            out.put(o, values.get(o));
        }
        if (logits != null) {
            Tensor l = values.get(logits);
            out.put(LOGITS, logitsScale == 1f ? l : l.mul(TorchTensors.scalar(logitsScale)));
        }
        return out;
    }

    private Tensor quantized(String name, Tensor x, boolean training) {
        return activationQuant == null ? x : activationQuant.apply(name, x, training);
    }

    /**
     * The key of {@link #forward}'s result that holds the classifier's logits (the softmax input
     * times its β), which the loss reads instead of the probabilities.
     */
    public static final String LOGITS = "<logits>";

    /** Whether the graph has a softmax output to train against. */
    public boolean hasClassifier() {
        return logits != null;
    }

    /** The number of classes of the classifier (the logits' last dimension), 0 without one. */
    public int classes() {
        return logits == null ? 0 : model.graph().tensor(logits).dim(-1);
    }

    private void checkInput(int i, Tensor t) {
        int[] ir = model.graph().input(i).shape();
        long[] expected = Layout.torchShape(ir);
        long[] got = t.shape();
        boolean ok = got.length == expected.length;
        for (int d = 1; ok && d < got.length; d++) {
            ok = got[d] == expected[d];
        }
        if (!ok) {
            throw new IllegalArgumentException("input '" + model.graph().inputs().get(i) + "' of "
                    + model.graph().name() + " takes a batch of " + Arrays.toString(ir) + " in torch's layout "
                    + Arrays.toString(expected) + " (any batch size), got " + Arrays.toString(got));
        }
    }

    /**
     * Runs one sample in evaluation mode and returns the graph outputs as the IR lays them out: the
     * contract of {@code FloatExecutor.run}, so the two can be compared value by value.
     */
    public List<float[]> run(List<float[]> inputs) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            List<Tensor> in = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                in.add(BatchTensors.input(inputs.get(i), 1, model.graph().input(i).shape()));
            }
            Map<String, Tensor> out = forward(in, false);
            List<float[]> values = new ArrayList<>();
            for (String o : model.graph().outputs()) {
                values.add(TorchTensors.floats(Layout.toIr(out.get(o))));
            }
            return values;
        }
    }

    /**
     * Everything training changes, by name: parameters and batch-norm running statistics
     * ({@code <layer>/bn/mean}, {@code <layer>/bn/variance}), for checkpoints.
     */
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            s.put(p.name(), p.value());
        }
        for (BatchNormLayer bn : batchNorms.values()) {
            s.put(bn.layer() + "/bn/mean", bn.runningMean());
            s.put(bn.layer() + "/bn/variance", bn.runningVar());
        }
        return s;
    }

    /**
     * The trained network as a zoo model: the graph with every trained weight written back in the
     * IR's layout, and batch norms holding the trained γ, β and running statistics. Folding it
     * ({@code BatchNormFolder.fold} with no calibration inputs) gives the float graph export uses.
     */
    public ZooModel writeBack() {
        GraphBuilder b = model.graph().toBuilder();
        for (Map.Entry<String, LoweringContext.GraphWeight> e : weights.entrySet()) {
            LoweringContext.GraphWeight w = e.getValue();
            try (PointerScope scope = new PointerScope()) {
                float[] values = TorchTensors.floats(w.layout().toIr(w.parameter().value()));
                b.tensor(dev.tinyforge.ir.Tensor.constFloat(e.getKey(), w.irShape(), values));
            }
        }
        Map<String, BatchNorm> bns = new LinkedHashMap<>();
        for (String key : model.batchNorms().keySet()) {
            bns.put(key, batchNorms.get(key).toRecord());
        }
        return new ZooModel(b.build(), bns);
    }
}
