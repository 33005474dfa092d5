package dev.tinyforge.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Training-time augmentation as torchvision's {@code RandomCrop(size, padding=P)} (zero padding, the
 * default: 0 is black in our [0, 1] pixels) and {@code RandomHorizontalFlip()} (p = 0.5). The random
 * draws of an image come from (seed, epoch, image index) alone, so every thread count, batch size and
 * batch order gives each image the same crop and flip.
 *
 * @param padding pixels of zero border before the random crop back to the image size; 0 = no crop
 * @param flip    whether to flip left-right with probability 1/2
 */
public record Augment(int padding, boolean flip) {
    /** No augmentation (evaluation, calibration). */
    public static final Augment NONE = new Augment(0, false);

    public Augment {
        if (padding < 0) {
            throw new IllegalArgumentException("crop padding must be 0 or more, got " + padding);
        }
    }

    public boolean isNone() {
        return padding == 0 && !flip;
    }

    /**
     * Writes the augmented copy of {@code src} (one HWC image from {@code srcOffset}) into {@code dst}
     * from {@code dstOffset}; {@code src} and {@code dst} must not overlap.
     *
     * @param index the image's index in the dataset (not its place in the batch)
     */
    public void apply(float[] src, int srcOffset, float[] dst, int dstOffset, ImageShape shape, long seed, int epoch,
            int index) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        int dy = 0;
        int dx = 0;
        boolean mirror = false;
        if (!isNone()) {
            SplittableRandom rnd = new SplittableRandom(mix(seed, epoch, index));
            if (padding > 0) {
                // torchvision draws the crop's top, then its left, in [0, 2P] of the padded image.
                dy = rnd.nextInt(2 * padding + 1) - padding;
                dx = rnd.nextInt(2 * padding + 1) - padding;
            }
            mirror = flip && rnd.nextBoolean();
        }
        for (int y = 0; y < h; y++) {
            int sy = y + dy;
            int outRow = dstOffset + y * w * c;
            if (sy < 0 || sy >= h) {
                Arrays.fill(dst, outRow, outRow + w * c, 0f);
                continue;
            }
            for (int x = 0; x < w; x++) {
                // The flip applies to the cropped image, as RandomCrop then RandomHorizontalFlip.
                int sx = (mirror ? w - 1 - x : x) + dx;
                int out = outRow + x * c;
                if (sx < 0 || sx >= w) {
                    for (int k = 0; k < c; k++) {
                        dst[out + k] = 0f;
                    }
                } else {
                    System.arraycopy(src, srcOffset + (sy * w + sx) * c, dst, out, c);
                }
            }
        }
    }

    /** One well-spread seed per (seed, epoch, index): SplittableRandom's mixer over the three. */
    static long mix(long seed, int epoch, int index) {
        long s = new SplittableRandom(seed).nextLong();
        s = new SplittableRandom(s ^ ((long) epoch << 32 | (index & 0xFFFFFFFFL))).nextLong();
        return s;
    }
}
