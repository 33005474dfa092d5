package dev.tinyforge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.target.HostCProgram;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GlibcMath#expf} against this machine's glibc {@code expf} (what TFLite calls), compiled with
 * gcc: every {@value #STRIDE}th float from the underflow to the overflow threshold, plus the ends,
 * summed as a hash on both sides. {@code (float) StrictMath.exp} fails this check.
 */
class GlibcMathTest {
    static final int STRIDE = 61;

    @Test
    void expfIsGlibcsBitForBit(@TempDir Path dir) throws IOException, InterruptedException {
        String c = """
                #include <math.h>
                #include <stdint.h>
                #include <stdio.h>
                #include <string.h>
                static uint32_t bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
                int main(void) {
                    uint64_t hash = 0, count = 0;
                    volatile float x;
                    for (uint32_t u = 0x00000000u; u <= 0x42b20000u; u += %1$d) {   /* +0 .. 89 */
                        memcpy((void *) &x, &u, 4); hash = hash * 1000003u + bits(expf(x)); count++;
                    }
                    for (uint32_t u = 0x80000000u; u <= 0xc2d00000u; u += %1$d) {   /* -0 .. -104 */
                        memcpy((void *) &x, &u, 4); hash = hash * 1000003u + bits(expf(x)); count++;
                    }
                    printf("%%llu %%llu\\n", (unsigned long long) hash, (unsigned long long) count);
                    return 0;
                }
                """.formatted(STRIDE);
        String[] theirs = HostCProgram.lastLine(HostCProgram.run(dir, "expf", c, List.of(), "-lm"));

        long hash = 0;
        long count = 0;
        for (long u = 0x00000000L; u <= 0x42b20000L; u += STRIDE) {
            hash = hash * 1000003L + (Float.floatToRawIntBits(GlibcMath.expf(Float.intBitsToFloat((int) u))) & 0xffffffffL);
            count++;
        }
        for (long u = 0x80000000L; u <= 0xc2d00000L; u += STRIDE) {
            hash = hash * 1000003L + (Float.floatToRawIntBits(GlibcMath.expf(Float.intBitsToFloat((int) u))) & 0xffffffffL);
            count++;
        }
        assertEquals(Long.parseUnsignedLong(theirs[1]), count);
        assertTrue(count > 30_000_000, "the sweep covers " + count + " floats");
        assertEquals(theirs[0], Long.toUnsignedString(hash), "expf differs from glibc's on some of " + count
                + " floats");
    }
}
