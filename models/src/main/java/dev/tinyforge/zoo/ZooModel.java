package dev.tinyforge.zoo;

import dev.tinyforge.ir.BatchNorm;
import dev.tinyforge.ir.Graph;
import java.util.Map;

/**
 * A float network as the zoo builds it: the graph (convolutions with zero biases and fused
 * activations) and the batch normalisations to fold into it, keyed by the output tensor name of the
 * layer each follows.
 */
public record ZooModel(Graph graph, Map<String, BatchNorm> batchNorms) {
    public ZooModel {
        batchNorms = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(batchNorms));
    }
}
