package dev.tinyforge.ir;

import java.util.Arrays;

/**
 * Affine quantization of a tensor, {@code real = scale * (q - zeroPoint)}, as TFLite's
 * {@code QuantizationParameters} store it.
 *
 * <p>Per-tensor quantization has one scale; per-channel quantization has one scale per slice of
 * {@link #dimension()} (0 for CONV_2D filters, 3 for DEPTHWISE_CONV_2D filters).
 */
public final class Quant {
    private final float[] scales;
    private final long[] zeroPoints;
    private final int dimension;

    public Quant(float[] scales, long[] zeroPoints, int dimension) {
        if (scales.length == 0 || scales.length != zeroPoints.length) {
            throw new IllegalArgumentException(
                    "quantization needs as many zero points as scales and at least one, got "
                            + scales.length + " scales and " + zeroPoints.length + " zero points");
        }
        this.scales = scales.clone();
        this.zeroPoints = zeroPoints.clone();
        this.dimension = dimension;
    }

    /** Per-tensor quantization. */
    public static Quant perTensor(float scale, long zeroPoint) {
        return new Quant(new float[] {scale}, new long[] {zeroPoint}, 0);
    }

    /** Symmetric per-channel quantization (zero points all 0) along {@code dimension}. */
    public static Quant perChannel(float[] scales, int dimension) {
        return new Quant(scales, new long[scales.length], dimension);
    }

    public float[] scales() {
        return scales.clone();
    }

    public long[] zeroPoints() {
        return zeroPoints.clone();
    }

    public int dimension() {
        return dimension;
    }

    public int channels() {
        return scales.length;
    }

    public boolean isPerChannel() {
        return scales.length > 1;
    }

    /** The scale of channel {@code c} (the only scale for per-tensor quantization). */
    public float scale(int c) {
        return scales[scales.length == 1 ? 0 : c];
    }

    /** The zero point of channel {@code c} (the only one for per-tensor quantization). */
    public long zeroPoint(int c) {
        return zeroPoints[zeroPoints.length == 1 ? 0 : c];
    }

    /** Scale of a per-tensor quantization. */
    public float scale() {
        return scales[0];
    }

    /** Zero point of a per-tensor quantization. */
    public int zeroPoint() {
        return (int) zeroPoints[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quant q && Arrays.equals(scales, q.scales)
                && Arrays.equals(zeroPoints, q.zeroPoints) && dimension == q.dimension;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(scales) + Arrays.hashCode(zeroPoints)) + dimension;
    }

    @Override
    public String toString() {
        if (!isPerChannel()) {
            return "scale=" + scales[0] + " zp=" + zeroPoints[0];
        }
        return "per-channel(" + scales.length + ", dim " + dimension + ")";
    }
}
