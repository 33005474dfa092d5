/*
 * Fixed-point requantization of a 64-bit accumulator, as TFLite's MultiplyByQuantizedMultiplier for
 * int64_t (the int16 activations of its 16x8 kernels): the Q31 multiplier rounded to Q15 (half up,
 * saturating at 0x7FFF), one 64-bit product, one right shift rounded half up, truncated to 32 bits.
 * Unlike the int32 version there is no saturating doubling high multiply and a single rounding.
 */
#include "tfg_kernels.h"

int32_t tfg_multiply_by_quantized_multiplier_int64(int64_t x, int32_t multiplier, int32_t shift)
{
    const int32_t reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
    const int32_t total_shift = 15 - shift;
    /* |x| < 2^47 and reduced < 2^15: the product fits; the shift is arithmetic on every supported compiler */
    const int64_t sum = x * (int64_t)reduced + ((int64_t)1 << (total_shift - 1));
    return (int32_t)(sum >> total_shift);
}
