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
 * The ARMv6-M requantizations ({@code tfg_mul_hi32}: the 64-bit product's high word from four 16-bit products,
 * which the Cortex-M0+ paths use instead of a library 64-bit multiply) against the reference functions, compiled
 * with the host's gcc (the helpers are plain C): {@code tfg_ruy_apply}, {@code tfg_ruy_apply_right} and
 * {@code tfg_ruy_apply_right2} (the formula the ARMv6-M assembly {@code tfg_ruy_right2_v6m} computes) against
 * {@code tfg_multiply_by_quantized_multiplier_ruy} (CONV_2D, FULLY_CONNECTED), and {@code tfg_requant_apply_v6m}
 * against {@code tfg_requantize_inline} (DEPTHWISE_CONV_2D, ADD), for every shift from -31 to 31, edge values
 * (the 16-bit halves' borders, INT32_MIN, INT32_MAX) and seeded random accumulators and multipliers >= 0 (the
 * callers refuse negative ones). The firmware families reach few shifts and accumulators, so this is where the
 * whole range is held.
 */
class V6mRequantTest {
    @Test
    void sixteenBitProductRequantizationsEqualTheReferences(@TempDir Path dir) throws IOException, InterruptedException {
        String c = """
                #include <stdio.h>
                #include "tfg_internal.h"
                static uint64_t s = 88172645463325252ULL;
                static uint32_t next(void) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return (uint32_t)s; }
                int main(void) {
                    static const int32_t edges[] = {0, 1, -1, 2, -2, 12345, -12345, 32767, 32768, -32768, 65535,
                        65536, -65535, -65536, 65537, 1 << 30, -(1 << 30), (1 << 30) + 1, -(1 << 30) - 1,
                        INT32_MAX, INT32_MAX - 1, INT32_MIN, INT32_MIN + 1};
                    const int n_edges = (int)(sizeof edges / sizeof edges[0]);
                    long long checked = 0, ruy = 0, gemmlowp = 0;
                    int32_t shift;
                    long i;
                    for (shift = -31; shift <= 31; ++shift) {
                        for (i = 0; i < 200000; ++i) {
                            int32_t x, m;
                            uint32_t m2;
                            tfg_ruy_const r;
                            tfg_requant_const k;
                            if (i < n_edges * n_edges) {
                                x = edges[i % n_edges];
                                m = edges[i / n_edges];
                            } else {
                                x = (int32_t)next();
                                if (i & 1) x >>= next() % 31;
                                m = (i & 2) ? (int32_t)((next() & 0x3fffffffu) | 0x40000000u)
                                            : (int32_t)(next() & 0x7fffffffu);
                            }
                            if (!tfg_ruy_fits(m, shift)) continue;
                            ++checked;
                            r = tfg_ruy_prepare(m, shift);
                            if (tfg_ruy_apply(x, &r) != tfg_multiply_by_quantized_multiplier_ruy(x, m, shift)) {
                                if (ruy++ < 3) printf("ruy x=%d m=%d shift=%d\\n", x, m, shift);
                            }
                            if (shift <= -1 && tfg_ruy_apply_right(x, m, shift) != tfg_ruy_apply(x, &r)) {
                                if (ruy++ < 3) printf("ruy right x=%d m=%d shift=%d\\n", x, m, shift);
                            }
                            if (shift <= -2 && tfg_ruy_apply_right2(x, m, shift) != tfg_ruy_apply(x, &r)) {
                                if (ruy++ < 3) printf("ruy right2 x=%d m=%d shift=%d\\n", x, m, shift);
                            }
                            k = tfg_requant_prepare(m, shift);
                            m2 = 2u * (uint32_t)m;
                            if (tfg_requant_apply_v6m(x, &k, m2 & 0xFFFFu, m2 >> 16) != tfg_requantize_inline(x, m, shift)) {
                                if (gemmlowp++ < 3) printf("gemmlowp x=%d m=%d shift=%d\\n", x, m, shift);
                            }
                        }
                    }
                    printf("%lld %lld %lld\\n", checked, ruy, gemmlowp);
                    return 0;
                }
                """;
        String out = HostCProgram.run(dir, "v6m_requant", c, List.of("tfg_multiply_by_quantized_multiplier_ruy.c"));
        String[] last = HostCProgram.lastLine(out);
        long checked = Long.parseLong(last[0]);
        assertTrue(checked > 12_000_000, "checked " + checked + " cases");
        assertEquals("0", last[1], "tfg_ruy_apply differs from tfg_multiply_by_quantized_multiplier_ruy:\n" + out);
        assertEquals("0", last[2], "tfg_requant_apply_v6m differs from tfg_requantize_inline:\n" + out);
    }
}
