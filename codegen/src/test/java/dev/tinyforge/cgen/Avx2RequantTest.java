package dev.tinyforge.cgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tinyforge.target.HostCProgram;
import dev.tinyforge.target.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AVX2 requantization ({@code tfg_avx2_requant_ruy4}: four lanes through 64-bit VPMULDQ products and a biased
 * logical shift, which the host's AVX2 CONV_2D path uses instead of the scalar call) against
 * {@code tfg_multiply_by_quantized_multiplier_ruy}, and its gemmlowp form ({@code tfg_avx2_requant_gemmlowp4},
 * DEPTHWISE_CONV_2D) against {@code tfg_requantize_inline}, compiled with the host Toolchain (which adds {@code -mavx2} on an AVX2 host): every shift
 * of [-31, 7] in every lane, edge accumulators and multipliers (0, +-1, 2^30, INT32_MIN, INT32_MAX, negative
 * multipliers too) and seeded random ones, each lane with its own shift. The kernel families reach few shifts and
 * accumulators, so this is where the whole range is held.
 */
class Avx2RequantTest {
    @Test
    void fourLaneRequantizationEqualsTheScalarRuyFunction(@TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(Target.host().has(Target.Feature.AVX2), "this host has no AVX2");
        String c = """
                #include <stdio.h>
                #include "tfg_internal.h"
                static uint64_t s = 88172645463325252ULL;
                static uint32_t next(void) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return (uint32_t)s; }
                int main(void) {
                    static const int32_t edges[] = {0, 1, -1, 2, -2, 12345, -12345, 65535, -65536, 1 << 30,
                        -(1 << 30), (1 << 30) + 1, -(1 << 30) - 1, 1 << 29, INT32_MAX, INT32_MAX - 1, INT32_MIN,
                        INT32_MIN + 1};
                    const int n_edges = (int)(sizeof edges / sizeof edges[0]);
                    long long checked = 0, differ = 0, gemmlowp = 0;
                    int32_t shift;
                    long i;
                    for (shift = -31; shift <= 7; ++shift) {
                        for (i = 0; i < 100000; ++i) {
                            int32_t x[4], m[4], sh[4], got[4], mg[4];
                            int lane;
                            tfg_avx2_requant k;
                            tfg_avx2_gemmlowp g;
                            for (lane = 0; lane < 4; ++lane) {
                                long e = i * 4 + lane;
                                if (e < n_edges * n_edges) {
                                    x[lane] = edges[e % n_edges];
                                    m[lane] = edges[e / n_edges];
                                } else {
                                    x[lane] = (int32_t)next();
                                    if (e & 1) x[lane] >>= next() % 31;
                                    m[lane] = (e & 2) ? (int32_t)((next() & 0x3fffffffu) | 0x40000000u) : (int32_t)next();
                                }
                                /* lane 0 takes the loop's shift, the others any shift of the range */
                                sh[lane] = lane == 0 ? shift : (int32_t)(next() % 39) - 31;
                            }
                            k = tfg_avx2_requant_prepare4(m, sh);
                            _mm_storeu_si128((__m128i *)(void *)got,
                                             tfg_avx2_requant_ruy4(_mm_loadu_si128((const __m128i *)(const void *)x), &k));
                            for (lane = 0; lane < 4; ++lane) {
                                mg[lane] = m[lane] == INT32_MIN ? INT32_MIN + 1 : m[lane];
                            }
                            g = tfg_avx2_gemmlowp_prepare4(mg, sh);
                            for (lane = 0; lane < 4; ++lane) {
                                if (!tfg_avx2_gemmlowp_fits(mg[lane], sh[lane])) return 2;
                            }
                            for (lane = 0; lane < 4; ++lane) {
                                ++checked;
                                if (got[lane] != tfg_multiply_by_quantized_multiplier_ruy(x[lane], m[lane], sh[lane])) {
                                    if (differ++ < 3) printf("x=%d m=%d shift=%d\\n", x[lane], m[lane], sh[lane]);
                                }
                            }
                            _mm_storeu_si128((__m128i *)(void *)got,
                                             tfg_avx2_requant_gemmlowp4(_mm_loadu_si128((const __m128i *)(const void *)x), &g));
                            for (lane = 0; lane < 4; ++lane) {
                                if (got[lane] != tfg_requantize_inline(x[lane], mg[lane], sh[lane])) {
                                    if (gemmlowp++ < 3) printf("gemmlowp x=%d m=%d shift=%d\\n", x[lane], mg[lane], sh[lane]);
                                }
                            }
                        }
                    }
                    printf("%lld %lld %lld\\n", checked, differ, gemmlowp);
                    return 0;
                }
                """;
        String out = HostCProgram.run(dir, "avx2_requant", c, List.of("tfg_multiply_by_quantized_multiplier_ruy.c"));
        String[] last = HostCProgram.lastLine(out);
        long checked = Long.parseLong(last[0]);
        assertTrue(checked > 15_000_000, "checked " + checked + " cases");
        assertEquals("0", last[1], "tfg_avx2_requant_ruy4 differs from tfg_multiply_by_quantized_multiplier_ruy:\n"
                + out);
        assertEquals("0", last[2], "tfg_avx2_requant_gemmlowp4 differs from tfg_requantize_inline:\n" + out);
    }
}
