package dev.tinyforge.exec;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import java.util.List;

/** The float reference computation of one op family (TFLite's float semantics). */
@FunctionalInterface
interface FloatKernel {
    /**
     * Computes the op's output.
     *
     * @param in the op's input tensors (shapes, and constants' data already decoded into {@code values})
     * @param values the input values in the same order
     * @param out the output tensor (shape)
     * @param activation whether to apply the op's fused activation
     */
    float[] apply(Op op, List<Tensor> in, List<float[]> values, Tensor out, boolean activation);
}
