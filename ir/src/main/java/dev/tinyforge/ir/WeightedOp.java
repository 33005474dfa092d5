package dev.tinyforge.ir;

/**
 * A facet of ops with learned weights in TFLite's layout: input 1 holds the weights, input 2 the bias
 * (optional in a {@code .tflite} file, where the reader gives the op a zero bias), one output channel
 * per bias element. Batch-norm folding, quantization, the quantization validator and the reader read
 * these facts here instead of naming the ops.
 */
public interface WeightedOp {
    /** Position of the weights among the op's inputs. */
    int WEIGHTS = 1;
    /** Position of the bias among the op's inputs. */
    int BIAS = 2;

    /** The dimension of the weight tensor that indexes output channels (0, or 3 for depthwise filters). */
    int channelDimension();

    /** Whether the weights may be quantized per tensor (FULLY_CONNECTED) rather than per output channel. */
    default boolean allowsPerTensorWeights() {
        return false;
    }
}
