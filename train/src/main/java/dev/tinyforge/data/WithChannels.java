package dev.tinyforge.data;

/**
 * A dataset's images with the channel count the model asks for: grayscale replicated to 3 equal
 * channels (a colour network on Fashion-MNIST), or colour reduced to 1 channel by the plain mean
 * (R + G + B) / 3, not a luminance weighting, so no colour is favoured and the result stays in [0, 1].
 * Other conversions are refused.
 */
public final class WithChannels extends ImageMap {

    public WithChannels(Dataset source, int channels) {
        super(requireConvertible(source, channels), new ImageShape(source.shape().height(), source.shape().width(),
                channels));
    }

    private static Dataset requireConvertible(Dataset source, int channels) {
        int from = source.shape().channels();
        if (from != channels && !(from == 1 && channels == 3) && !(from == 3 && channels == 1)) {
            throw new DatasetException(source.name() + " has " + from + "-channel images, expected 1 or 3 to give "
                    + channels + " channels: only 1 -> 3 (replicate) and 3 -> 1 (mean) are converted; pick a model"
                    + " with " + from + " input channels");
        }
        return source;
    }

    @Override
    public void image(int index, float[] dst, int offset) {
        int from = source.shape().channels();
        int to = shape().channels();
        if (from == to) {
            source.image(index, dst, offset);
            return;
        }
        float[] src = new float[source.shape().size()];
        source.image(index, src, 0);
        int pixels = shape().height() * shape().width();
        if (to == 3) {
            for (int p = 0; p < pixels; p++) {
                float v = src[p];
                dst[offset + 3 * p] = v;
                dst[offset + 3 * p + 1] = v;
                dst[offset + 3 * p + 2] = v;
            }
        } else {
            for (int p = 0; p < pixels; p++) {
                dst[offset + p] = (src[3 * p] + src[3 * p + 1] + src[3 * p + 2]) / 3f;
            }
        }
    }
}
