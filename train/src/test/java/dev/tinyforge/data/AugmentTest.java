package dev.tinyforge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AugmentTest {
    private static final ImageShape SHAPE = new ImageShape(6, 5, 2);

    /** Pixel values 1..60, never 0, so padding is recognisable. */
    private static float[] source() {
        float[] src = new float[SHAPE.size()];
        for (int i = 0; i < src.length; i++) {
            src[i] = i + 1;
        }
        return src;
    }

    private static float[] apply(Augment a, long seed, int epoch, int index) {
        float[] out = new float[SHAPE.size() + 3];
        a.apply(source(), 0, out, 3, SHAPE, seed, epoch, index);
        return Arrays.copyOfRange(out, 3, out.length);
    }

    @Test
    void noneCopies() {
        assertArrayEquals(source(), apply(Augment.NONE, 1, 2, 3));
    }

    @Test
    void sameSeedEpochAndIndexGiveTheSameImage() {
        Augment a = new Augment(2, true);
        Set<String> seen = new HashSet<>();
        for (int index = 0; index < 40; index++) {
            float[] first = apply(a, 42, 3, index);
            assertArrayEquals(first, apply(a, 42, 3, index));
            seen.add(Arrays.toString(first));
        }
        assertTrue(seen.size() > 10, "crops vary by index: " + seen.size());
        assertFalse(Arrays.equals(apply(a, 42, 3, 0), apply(a, 42, 4, 0))
                && Arrays.equals(apply(a, 42, 3, 1), apply(a, 42, 4, 1))
                && Arrays.equals(apply(a, 42, 3, 2), apply(a, 42, 4, 2)), "epochs differ");
    }

    @Test
    void flipAloneMirrorsRowsOrLeavesThem() {
        Augment a = new Augment(0, true);
        int flipped = 0;
        for (int index = 0; index < 64; index++) {
            float[] out = apply(a, 5, 0, index);
            if (!Arrays.equals(out, source())) {
                flipped++;
                float[] src = source();
                for (int y = 0; y < 6; y++) {
                    for (int x = 0; x < 5; x++) {
                        for (int c = 0; c < 2; c++) {
                            assertEquals(src[(y * 5 + (4 - x)) * 2 + c], out[(y * 5 + x) * 2 + c]);
                        }
                    }
                }
            }
        }
        assertTrue(flipped > 16 && flipped < 48, "about half flipped: " + flipped);
    }

    /** A crop is a shift by (dy, dx) in [-P, P] with zeros brought in: every output is 0 or src[y+dy][x+dx]. */
    @Test
    void cropShiftsWithZeroPadding() {
        Augment a = new Augment(2, false);
        Set<String> shifts = new HashSet<>();
        float[] src = source();
        for (int index = 0; index < 200; index++) {
            float[] out = apply(a, 9, 1, index);
            int firstNonZero = -1;
            for (int i = 0; i < out.length && firstNonZero < 0; i++) {
                if (out[i] != 0) {
                    firstNonZero = i;
                }
            }
            int pos = firstNonZero / 2;
            int srcPos = (int) out[firstNonZero] / 2;
            int dy = srcPos / 5 - pos / 5;
            int dx = srcPos % 5 - pos % 5;
            assertTrue(Math.abs(dy) <= 2 && Math.abs(dx) <= 2);
            shifts.add(dy + "," + dx);
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 5; x++) {
                    int sy = y + dy;
                    int sx = x + dx;
                    for (int c = 0; c < 2; c++) {
                        float expected = sy < 0 || sy >= 6 || sx < 0 || sx >= 5 ? 0 : src[(sy * 5 + sx) * 2 + c];
                        assertEquals(expected, out[(y * 5 + x) * 2 + c]);
                    }
                }
            }
        }
        assertEquals(25, shifts.size(), "all 5x5 shifts drawn: " + shifts);
    }
}
