package dev.tinyforge.train;

import dev.tinyforge.ir.BatchNorm;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ir.WeightedOp;
import dev.tinyforge.ops.Logistic;
import dev.tinyforge.ops.Softmax;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What lowerings share while a graph becomes a {@link TorchNet}: the graph, the training hints, and
 * the one place that turns graph constants into torch tensors, so that a weight read by two ops is
 * one parameter and every parameter and batch norm is recorded for the optimizer, the checkpoint and
 * the write-back.
 */
final class LoweringContext {
    /** A trainable graph constant and the layout it was converted with, for the write-back. */
    record GraphWeight(Parameter parameter, WeightLayout layout, int[] irShape) {
    }

    private final Graph graph;
    private final TrainingHints hints;
    private final Map<String, BatchNorm> batchNorms;
    private final Map<String, GraphWeight> weights = new LinkedHashMap<>();
    private final Map<String, BatchNormLayer> batchNormLayers = new LinkedHashMap<>();
    private final Map<String, org.bytedeco.pytorch.Tensor> constants = new HashMap<>();

    /** Whether layers compute with fake-quantized weights, and fully connected weights per channel. */
    private final boolean fakeQuantWeights;
    private final boolean perChannelFullyConnected;

    LoweringContext(Graph graph, Map<String, BatchNorm> batchNorms, TrainingHints hints) {
        this(graph, batchNorms, hints, false, false);
    }

    /**
     * @param fakeQuantWeights layers compute with their weights as the int8 model holds them
     *     ({@link FakeQuant#weights}): per output channel, or per tensor where the op allows it and
     *     {@code perChannelFullyConnected} is false, as {@code QuantizePass} chooses
     */
    LoweringContext(Graph graph, Map<String, BatchNorm> batchNorms, TrainingHints hints, boolean fakeQuantWeights,
            boolean perChannelFullyConnected) {
        this.graph = graph;
        this.batchNorms = batchNorms;
        this.hints = hints;
        this.fakeQuantWeights = fakeQuantWeights;
        this.perChannelFullyConnected = perChannelFullyConnected;
    }

    /**
     * The weights {@code op} computes with: the parameter itself, or in quantization-aware training
     * its fake-quantized value (gradients pass straight through to the parameter).
     */
    Supplier<org.bytedeco.pytorch.Tensor> weightValue(Op op, Parameter p) {
        if (!fakeQuantWeights) {
            return p::value;
        }
        WeightedOp w = (WeightedOp) op.kind();
        boolean perChannel = !(w.allowsPerTensorWeights() && !perChannelFullyConnected);
        return () -> FakeQuant.weights(p.value(), perChannel);
    }

    Graph graph() {
        return graph;
    }

    TrainingHints hints() {
        return hints;
    }

    /** The IR shape of a tensor. */
    int[] shape(String tensor) {
        return graph.tensor(tensor).shape();
    }

    /**
     * The trainable parameter made from constant {@code tensor} (created on first use) in torch's
     * layout for {@code layout}.
     */
    Parameter weight(Op op, String tensor, WeightLayout layout, boolean decay) {
        GraphWeight known = weights.get(tensor);
        if (known != null) {
            if (known.layout() != layout) {
                throw new IllegalArgumentException(op.kind() + " '" + op.output() + "' reads '" + tensor
                        + "' as " + layout + " weights, but another layer reads it as " + known.layout());
            }
            return known.parameter();
        }
        Tensor t = constantTensor(op, tensor);
        org.bytedeco.pytorch.Tensor ir = TorchTensors.of(t.floats(), t.shape());
        org.bytedeco.pytorch.Tensor value = layout.toTorch(ir);
        value.requires_grad_(true);
        Parameter p = new Parameter(tensor, value, decay);
        weights.put(tensor, new GraphWeight(p, layout, t.shape()));
        return p;
    }

    /**
     * The bias of a layer with weights: trainable, or a fixed constant when a batch norm follows
     * (the bias only shifts the batch mean the normalisation subtracts, so it gets no gradient), or
     * none when the op has no bias input.
     */
    Operand bias(Op op, boolean beforeBatchNorm) {
        if (op.inputs().size() < 3) {
            return activations -> null;
        }
        if (beforeBatchNorm) {
            return operand(op, op.input(2));
        }
        Parameter p = weight(op, op.input(2), WeightLayout.AS_IS, false);
        return activations -> p.value();
    }

    /** An input of {@code op}: the activation of that name, or the constant in torch's layout. */
    Operand operand(Op op, String tensor) {
        return operand(op, tensor, graph.tensor(tensor).rank());
    }

    /**
     * An input of {@code op} broadcast to {@code rank} dimensions as the IR broadcasts (leading ones
     * added), which only constants can be: an activation's dimension 0 is the batch.
     */
    Operand operand(Op op, String tensor, int rank) {
        Tensor t = graph.tensor(tensor);
        if (!t.isConstant()) {
            if (t.rank() != rank) {
                throw new IllegalArgumentException(op.kind() + " '" + op.output() + "' broadcasts activation '"
                        + tensor + "' of rank " + t.rank() + " to rank " + rank
                        + "; the trainer batches along dimension 0, so only constants may have a lower rank");
            }
            return activations -> {
                org.bytedeco.pytorch.Tensor v = activations.get(tensor);
                if (v == null) {
                    throw new IllegalStateException(op.kind() + " '" + op.output() + "' reads '" + tensor
                            + "', which has no value yet");
                }
                return v;
            };
        }
        int[] shape = new int[rank];
        java.util.Arrays.fill(shape, 1);
        System.arraycopy(t.shape(), 0, shape, rank - t.rank(), t.rank());
        org.bytedeco.pytorch.Tensor c = constants.computeIfAbsent(tensor + "@" + rank,
                n -> Layout.fromIr(TorchTensors.of(constantTensor(op, tensor).floats(), shape)).contiguous());
        return activations -> c;
    }

    private Tensor constantTensor(Op op, String tensor) {
        Tensor t = graph.tensor(tensor);
        if (!t.isConstant()) {
            throw new IllegalArgumentException(op.kind() + " '" + op.output() + "': its weights '" + tensor
                    + "' are computed by the graph; the trainer takes weights from constants only");
        }
        if (t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op.kind() + " '" + op.output() + "': constant '" + tensor + "' is "
                    + t.dtype() + "; the trainer takes float graphs");
        }
        return t;
    }

    /** The batch norm that follows {@code op}'s pre-activation output, or {@code null}. */
    BatchNormLayer batchNorm(Op op) {
        BatchNorm bn = batchNorms.get(op.output());
        if (bn == null) {
            return null;
        }
        BatchNormLayer layer = new BatchNormLayer(op.output(), bn, graph.tensor(op.output()).dim(-1));
        batchNormLayers.put(op.output(), layer);
        return layer;
    }

    /**
     * Whether {@code op}'s output is a head's logits: read by the SOFTMAX or LOGISTIC op that makes a
     * graph output (where the spec's dropout goes, before the layer that computes them).
     */
    boolean isHead(Op op) {
        for (Op c : graph.consumers(op.output())) {
            if ((c.kind() == Softmax.OP || c.kind() == Logistic.OP) && graph.outputs().contains(c.output())) {
                return true;
            }
        }
        return false;
    }

    Map<String, GraphWeight> weights() {
        return weights;
    }

    Map<String, BatchNormLayer> batchNormLayers() {
        return batchNormLayers;
    }

    /** The keys of batch norms no lowering placed (they follow an op without weights, or no op). */
    List<String> unplacedBatchNorms() {
        List<String> missing = new ArrayList<>();
        for (String key : batchNorms.keySet()) {
            if (!batchNormLayers.containsKey(key)) {
                missing.add(key);
            }
        }
        return missing;
    }
}
