package dev.tinyforge.cgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.target.HostCProgram;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tfg_requant_apply} (the per-channel constants the Cortex-M depthwise paths hoist out of their
 * loops, and its floor-based doubling high multiply) against {@code tfg_requantize_inline}, TFLite's
 * MultiplyByQuantizedMultiplier as every other kernel computes it, compiled with the host's gcc: every shift
 * from -31 to 31, edge values and seeded random accumulators and multipliers (all but INT32_MIN, which the
 * callers exclude). The firmware families reach few positive shifts, so this is where those are held.
 */
class RequantConstTest {
    @Test
    void hoistedRequantizationEqualsTheReference(@TempDir Path dir) throws IOException, InterruptedException {
        String c = """
                #include <stdio.h>
                #include "tfg_internal.h"
                static uint64_t s = 88172645463325252ULL;
                static uint32_t next(void) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return (uint32_t)s; }
                int main(void) {
                    static const int32_t edges[] = {0, 1, -1, 2, -2, 12345, -12345, 1 << 30, -(1 << 30),
                        (1 << 30) + 1, -(1 << 30) - 1, INT32_MAX, INT32_MAX - 1, INT32_MIN, INT32_MIN + 1};
                    const int n_edges = (int)(sizeof edges / sizeof edges[0]);
                    long long checked = 0, differ = 0;
                    int32_t shift;
                    long i;
                    for (shift = -31; shift <= 31; ++shift) {
                        for (i = 0; i < 200000; ++i) {
                            int32_t x, m;
                            tfg_requant_const k;
                            if (i < n_edges * n_edges) {
                                x = edges[i % n_edges];
                                m = edges[i / n_edges];
                            } else {
                                x = (int32_t)next();
                                if (i & 1) x >>= next() % 31;
                                m = (i & 2) ? (int32_t)((next() & 0x3fffffffu) | 0x40000000u) : (int32_t)next();
                            }
                            if (m == INT32_MIN) continue;
                            k = tfg_requant_prepare(m, shift);
                            ++checked;
                            if (tfg_requant_apply(x, &k) != tfg_requantize_inline(x, m, shift)) {
                                if (differ++ < 3) printf("x=%d m=%d shift=%d\\n", x, m, shift);
                            }
                        }
                    }
                    printf("%lld %lld\\n", checked, differ);
                    return 0;
                }
                """;
        String out = HostCProgram.run(dir, "requant", c, List.of());
        String[] last = HostCProgram.lastLine(out);
        long checked = Long.parseLong(last[0]);
        assertTrue(checked > 12_000_000, "checked " + checked + " cases");
        assertEquals("0", last[1], "tfg_requant_apply differs from tfg_requantize_inline:\n" + out);
    }
}
