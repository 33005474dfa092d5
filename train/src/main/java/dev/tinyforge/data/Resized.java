package dev.tinyforge.data;

/**
 * A dataset's images resized to the model's resolution by bilinear interpolation with half-pixel
 * centres ({@code align_corners=False}), as PyTorch's {@code F.interpolate(mode="bilinear")} and TF2's
 * {@code tf.image.resize} do, so a network trained here sees what it would see there. Like both by
 * default it does not antialias: shrinking by more than 2x skips pixels. Deterministic, and safe to
 * read from several threads (the weights are computed once; each call has its own scratch).
 */
public final class Resized extends ImageMap {
    private final Axis rows;
    private final Axis cols;

    public Resized(Dataset source, int height, int width) {
        super(source, new ImageShape(height, width, source.shape().channels()));
        this.rows = Axis.of(source.shape().height(), height);
        this.cols = Axis.of(source.shape().width(), width);
    }

    /** For each output coordinate: the two source coordinates and the weight of the second. */
    private record Axis(int[] lo, int[] hi, float[] frac) {
        static Axis of(int in, int out) {
            int[] lo = new int[out];
            int[] hi = new int[out];
            float[] frac = new float[out];
            float scale = (float) in / out;
            for (int i = 0; i < out; i++) {
                float src = Math.max(scale * (i + 0.5f) - 0.5f, 0f);
                lo[i] = Math.min((int) src, in - 1);
                hi[i] = Math.min(lo[i] + 1, in - 1);
                frac[i] = src - lo[i];
            }
            return new Axis(lo, hi, frac);
        }
    }

    /**
     * Resizes one HWC image. Each output is {@code top + fy * (bottom - top)} of the row
     * interpolations, which keeps a constant image exactly constant.
     */
    void resize(float[] src, float[] dst, int offset) {
        ImageShape to = shape();
        int c = to.channels();
        int inRow = source.shape().width() * c;
        for (int y = 0; y < to.height(); y++) {
            int r0 = rows.lo[y] * inRow;
            int r1 = rows.hi[y] * inRow;
            float fy = rows.frac[y];
            for (int x = 0; x < to.width(); x++) {
                int c0 = cols.lo[x] * c;
                int c1 = cols.hi[x] * c;
                float fx = cols.frac[x];
                int out = offset + (y * to.width() + x) * c;
                for (int k = 0; k < c; k++) {
                    float a = src[r0 + c0 + k];
                    float b = src[r0 + c1 + k];
                    float d = src[r1 + c0 + k];
                    float e = src[r1 + c1 + k];
                    float top = a + fx * (b - a);
                    float bottom = d + fx * (e - d);
                    dst[out + k] = top + fy * (bottom - top);
                }
            }
        }
    }

    @Override
    public void image(int index, float[] dst, int offset) {
        float[] src = new float[source.shape().size()];
        source.image(index, src, 0);
        resize(src, dst, offset);
    }
}
