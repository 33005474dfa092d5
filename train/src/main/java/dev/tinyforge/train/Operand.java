package dev.tinyforge.train;

import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * An op input as a lowered layer reads it: an activation looked up at run time, or a constant
 * converted to torch once at lowering time.
 */
@FunctionalInterface
interface Operand {
    Tensor in(Map<String, Tensor> activations);
}
