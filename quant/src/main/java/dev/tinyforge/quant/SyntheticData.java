package dev.tinyforge.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded synthetic images for calibration until real datasets are wired in.
 *
 * <p>Each channel of each image is a random linear gradient plus three random low-frequency 2-D
 * sinusoids (0.5 to 3 periods across the image, amplitudes up to 0.5) plus uniform noise of ±0.05,
 * clipped to [-1, 1]: smooth structure like natural images, in the [-1, 1] range a MobileNet-style
 * preprocessing gives.
 */
public final class SyntheticData {
    private SyntheticData() {
    }

    /**
     * @param nhwcShape the input shape; the batch dimension must be 1
     * @return {@code count} images as flat NHWC arrays
     */
    public static List<float[]> images(int[] nhwcShape, int count, long seed) {
        if (nhwcShape.length != 4 || nhwcShape[0] != 1) {
            throw new IllegalArgumentException("synthetic images need an NHWC shape with batch 1, got "
                    + java.util.Arrays.toString(nhwcShape));
        }
        int h = nhwcShape[1];
        int w = nhwcShape[2];
        int c = nhwcShape[3];
        SplittableRandom rnd = new SplittableRandom(seed);
        List<float[]> images = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            float[] img = new float[h * w * c];
            for (int ch = 0; ch < c; ch++) {
                double gx = rnd.nextDouble(-0.5, 0.5);
                double gy = rnd.nextDouble(-0.5, 0.5);
                double offset = rnd.nextDouble(-0.3, 0.3);
                double[][] waves = new double[3][];
                for (int k = 0; k < 3; k++) {
                    waves[k] = new double[] {rnd.nextDouble(0, 0.5), rnd.nextDouble(0.5, 3),
                        rnd.nextDouble(0.5, 3), rnd.nextDouble(0, 2 * Math.PI)};
                }
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double u = x / (double) w;
                        double v = y / (double) h;
                        double value = offset + gx * (2 * u - 1) + gy * (2 * v - 1);
                        for (double[] wave : waves) {
                            value += wave[0] * Math.sin(2 * Math.PI * (wave[1] * u + wave[2] * v) + wave[3]);
                        }
                        value += rnd.nextDouble(-0.05, 0.05);
                        img[(y * w + x) * c + ch] = (float) Math.max(-1, Math.min(1, value));
                    }
                }
            }
            images.add(img);
        }
        return images;
    }
}
