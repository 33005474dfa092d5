package dev.tinyforge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Resized, WithChannels and Fitted. */
class ViewsTest {
    private static ArrayDataset one(ImageShape shape, float... pixels) {
        return new ArrayDataset("t", shape, List.of("a", "b"), pixels, new int[] {1});
    }

    private static float[] image(Dataset d) {
        float[] out = new float[d.shape().size()];
        d.image(0, out, 0);
        return out;
    }

    @Test
    void constantImageStaysExactlyConstant() {
        float v = 0.3137255f;
        float[] px = new float[5 * 7 * 3];
        java.util.Arrays.fill(px, v);
        for (int[] size : new int[][] {{32, 32}, {3, 2}, {11, 5}, {5, 7}}) {
            Resized r = new Resized(one(new ImageShape(5, 7, 3), px), size[0], size[1]);
            assertEquals(new ImageShape(size[0], size[1], 3), r.shape());
            for (float out : image(r)) {
                assertEquals(v, out, 0f);
            }
        }
    }

    /**
     * {@code F.interpolate(torch.tensor([[[[0., 1.], [2., 3.]]]]), size=4, mode="bilinear",
     * align_corners=False)}: source coordinates (i + 0.5) / 2 - 0.5 clamped to [0, 1] are 0, .25, .75, 1,
     * and bilinear interpolation of 2y + x gives 2 * cy + cx.
     */
    @Test
    void twoByTwoUpscaleMatchesHandComputedBilinear() {
        Resized r = new Resized(one(new ImageShape(2, 2, 1), 0, 1, 2, 3), 4, 4);
        assertArrayEquals(new float[] {
            0.0f, 0.25f, 0.75f, 1.0f,
            0.5f, 0.75f, 1.25f, 1.5f,
            1.5f, 1.75f, 2.25f, 2.5f,
            2.0f, 2.25f, 2.75f, 3.0f}, image(r), 1e-6f);
    }

    /** Halving with half-pixel centres samples at 0.5 and 2.5: the mean of each 2x2 block, per channel. */
    @Test
    void halvingAveragesBlocksPerChannel() {
        float[] px = new float[4 * 4 * 2];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                px[(y * 4 + x) * 2] = y * 4 + x;
                px[(y * 4 + x) * 2 + 1] = -(y * 4 + x);
            }
        }
        Resized r = new Resized(one(new ImageShape(4, 4, 2), px), 2, 2);
        assertArrayEquals(new float[] {2.5f, -2.5f, 4.5f, -4.5f, 10.5f, -10.5f, 12.5f, -12.5f}, image(r), 1e-6f);
    }

    /** 3 to 2: scale 1.5, source coordinates 0.25 and 1.75 (between pixels 1 and 2). */
    @Test
    void nonIntegerShrink() {
        Resized r = new Resized(one(new ImageShape(1, 3, 1), 0, 10, 20), 1, 2);
        assertArrayEquals(new float[] {2.5f, 17.5f}, image(r), 1e-5f);
    }

    @Test
    void channelsReplicateAndAverage() {
        WithChannels rgb = new WithChannels(one(new ImageShape(1, 2, 1), 0.25f, 0.5f), 3);
        assertEquals(new ImageShape(1, 2, 3), rgb.shape());
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.5f, 0.5f, 0.5f}, image(rgb));
        WithChannels gray = new WithChannels(one(new ImageShape(1, 2, 3), 0.3f, 0.6f, 0.9f, 0, 0, 1), 1);
        assertArrayEquals(new float[] {0.6f, 1f / 3}, image(gray), 1e-6f);
        Idx.fails(() -> new WithChannels(one(new ImageShape(1, 1, 2), 0, 0), 3), "2-channel", "1 -> 3");
    }

    @Test
    void fittedConvertsOnlyWhatDiffers() {
        ArrayDataset d = one(new ImageShape(2, 2, 1), 0, 1, 2, 3);
        assertSame(d, Fitted.to(d, new ImageShape(2, 2, 1)));
        Dataset f = Fitted.to(d, new ImageShape(4, 4, 3));
        assertEquals(new ImageShape(4, 4, 3), f.shape());
        float[] out = image(f);
        assertEquals(0.75f, out[(1 * 4 + 1) * 3 + 2], 1e-6f);
        assertEquals(1, f.label(0));
        assertEquals(List.of("a", "b"), f.classNames());
    }
}
