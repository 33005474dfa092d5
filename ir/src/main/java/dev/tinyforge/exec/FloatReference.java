package dev.tinyforge.exec;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import java.util.List;

/**
 * The float reference facet of an op: its computation with TFLite's float semantics, which the
 * {@link FloatExecutor} runs for calibration and batch-norm statistics, and which is tested op by op
 * against TFLite's float kernels.
 */
public interface FloatReference {
    /**
     * Computes the op's output.
     *
     * @param in the op's input tensors (shapes; constants' data is already decoded into {@code values})
     * @param values the input values in the same order
     * @param out the output tensor (shape)
     * @param activation whether to apply the op's fused activation (false gives a convolution's
     *     pre-activation output, for batch-norm statistics)
     */
    float[] compute(Op op, List<Tensor> in, List<float[]> values, Tensor out, boolean activation);
}
