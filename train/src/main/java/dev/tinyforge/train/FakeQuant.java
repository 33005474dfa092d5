package dev.tinyforge.train;

import dev.tinyforge.ir.Quant;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * TFLite's int8 quantization inside the libtorch graph, for quantization-aware training: the same
 * integers {@code QuantizePass} writes (float32 division, rounding half away from zero, clamping),
 * mapped back to float, with straight-through gradients. Weights: symmetric, zero point 0, values
 * in [-127, 127], scale max|w|/127 per output channel (torch layout: dimension 0) or per tensor.
 * Activations: per tensor, asymmetric, [-128, 127] with the tensor's scale and zero point.
 *
 * <p>Gradients: weights pass the gradient through unchanged (the scale follows the weights but gets
 * no gradient); activations pass it where the value lies inside the representable range and block
 * it outside, where the int8 value saturates (the clipped straight-through estimator).
 */
public final class FakeQuant {
    private FakeQuant() {
    }

    /**
     * Rounds half away from zero, as TFLite and {@code QuantizePass.round} do ({@code torch.round}
     * rounds half to even). The fraction {@code x - trunc(x)} is exact in float32, so no value near
     * a half is rounded the wrong way.
     */
    public static Tensor roundHalfAway(Tensor x) {
        Tensor t = x.trunc();
        Tensor up = x.sub(t).abs().ge(TorchTensors.scalar(0.5)).toType(torch.ScalarType.Float);
        return t.add(x.sign().mul(up));
    }

    /**
     * The int8 weight scales of {@code w} (torch layout, output channel first): max|w|/127 per
     * channel, or one for the whole tensor; 1/127 where all weights are zero. Shaped to broadcast
     * against {@code w}.
     */
    public static Tensor weightScales(Tensor w, boolean perChannel) {
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor a = w.detach().abs();
            Tensor maxAbs;
            if (perChannel) {
                long[] dims = new long[(int) w.dim() - 1];
                for (int d = 0; d < dims.length; d++) {
                    dims[d] = d + 1;
                }
                maxAbs = dims.length == 0 ? a : a.amax(dims, true);
            } else {
                maxAbs = a.amax();
            }
            Tensor scale = maxAbs.div(TorchTensors.scalar(127));
            Tensor zero = maxAbs.le(TorchTensors.scalar(0));
            return scale.masked_fill(zero, TorchTensors.scalar(1f / 127f));
        }
    }

    /** The int8 weights as integer-valued floats: round(w / scale) clamped to [-127, 127]. */
    public static Tensor quantizeWeights(Tensor w, Tensor scales) {
        try (NoGradGuard g = new NoGradGuard()) {
            return roundHalfAway(w.detach().div(scales)).clamp(new ScalarOptional(TorchTensors.scalar(-127)),
                    new ScalarOptional(TorchTensors.scalar(127)));
        }
    }

    /** Fake-quantized weights: the int8 weights times their scales forward, the identity backward. */
    public static Tensor weights(Tensor w, boolean perChannel) {
        Tensor fake;
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor s = weightScales(w, perChannel);
            fake = quantizeWeights(w, s).mul(s);
        }
        return w.add(fake.sub(w.detach()));
    }

    /** The int8 activations as integer-valued floats: round(x / scale) + zero point, clamped to [-128, 127]. */
    public static Tensor quantizeActivation(Tensor x, Quant q) {
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor s = TorchTensors.of(new float[] {q.scale()}, 1);
            return roundHalfAway(x.detach().div(s)).add(TorchTensors.scalar(q.zeroPoint()))
                    .clamp(new ScalarOptional(TorchTensors.scalar(-128)), new ScalarOptional(TorchTensors.scalar(127)));
        }
    }

    /**
     * Fake-quantized activations: forward, (int8 value − zero point) × scale; backward, the gradient
     * inside the representable range [(−128 − zp)·s, (127 − zp)·s] and zero outside.
     */
    public static Tensor activation(Tensor x, Quant q) {
        Tensor fake;
        try (NoGradGuard g = new NoGradGuard()) {
            fake = quantizeActivation(x, q).sub(TorchTensors.scalar(q.zeroPoint()))
                    .mul(TorchTensors.of(new float[] {q.scale()}, 1));
        }
        float lo = q.scale() * (-128 - q.zeroPoint());
        float hi = q.scale() * (127 - q.zeroPoint());
        Tensor clipped = x.clamp(new ScalarOptional(TorchTensors.scalar(lo)), new ScalarOptional(TorchTensors.scalar(hi)));
        return clipped.add(fake.sub(clipped.detach()));
    }
}
