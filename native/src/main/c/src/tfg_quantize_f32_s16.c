/*
 * QUANTIZE float32 -> int16 at a model's input: round(x / scale) half away from zero, plus the zero point,
 * saturated, with TFLite's built-in kernel's result (which divides in double precision) but in single
 * precision, so that a core with a single-precision FPU (Cortex-M4, M7) takes about 20 instructions per
 * element instead of a software double division.
 *
 * Why it is exact: q = x / scale in float is the exact quotient Q correctly rounded, and rounding is
 * monotonic, so q and double(Q) lie on the same side of every half-integer h (h is a float below 2^22);
 * double(Q) can equal h with Q != h only if float(Q) equals h too. Hence round(q) is TFLite's result
 * unless q is exactly a half-integer. q is rounded to the nearest integer t with the 1.5 * 2^23 trick
 * (exact for |q| < 2^22) and t is kept when |q - t| < 0.5 (q - t is exact there); ties, NaN and
 * |q| >= 2^22 (saturated anyway) go to tfg_quantize_round_exact_f32, the double computation.
 */
#include <math.h> /* fabsf, which compilers inline: no libm is linked */

#include "tfg_kernels.h"

#if defined(__GNUC__)
#define TFG_QUANTIZE_USUALLY(c) __builtin_expect(!!(c), 1) /* keeps the exact path's set-up out of the loop */
#else
#define TFG_QUANTIZE_USUALLY(c) (c)
#endif

void tfg_quantize_f32_s16(const float *input, int32_t n, float scale, int32_t zero_point, int16_t *output)
{
    const float magic = 12582912.0f; /* 1.5 * 2^23: q + magic has no fraction bits left */
    int32_t i;
    for (i = 0; i < n; ++i) {
        const float q = input[i] / scale;
        const float t = (q + magic) - magic; /* q rounded to an integer (ties to even) */
        int32_t r;
        if (TFG_QUANTIZE_USUALLY(fabsf(q) < 4194304.0f && fabsf(q - t) < 0.5f)) {
            r = (int32_t)t;
        } else {
            r = tfg_quantize_round_exact_f32(input[i], scale);
        }
        r += zero_point;
        r = r > INT16_MAX ? INT16_MAX : r;
        r = r < INT16_MIN ? INT16_MIN : r;
        output[i] = (int16_t)r;
    }
}
