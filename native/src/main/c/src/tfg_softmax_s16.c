/*
 * SOFTMAX of TFLite's 16x8 mode over the last dimension: TFLite's reference SoftmaxInt16 (the only
 * int16 kernel of its built-in op). Integer only: x - max rescaled so that [-65535, 0] spans
 * [-10, 0], exp read from a 513-entry table with linear interpolation, the sum's reciprocal from a
 * second table of 1 / (1 + x), the product rounded to Q0.15. Output scale 1/32768, zero point 0.
 * The output buffer holds the exponentials until they are normalised, so it must not be the input.
 */
#include "tfg_kernels.h"

/* TFLite's int16 table lookup: 512 segments of 128 inputs, interpolated and rounded. */
static int16_t lookup(int16_t value, const int16_t *lut)
{
    const int32_t index = 256 + (value >> 7);
    const int32_t offset = value & 0x7f;
    const int32_t base = lut[index];
    const int32_t slope = (int16_t)(lut[index + 1] - lut[index]);
    const int32_t delta = (slope * offset + 64) >> 7;
    return (int16_t)(base + delta);
}

/* Leading zero bits of a 32-bit value (32 for 0). */
static int32_t leading_zeros(uint32_t v)
{
    int32_t n = 0;
    if (v == 0) {
        return 32;
    }
    while ((v & 0x80000000u) == 0) {
        v <<= 1;
        ++n;
    }
    return n;
}

void tfg_softmax_s16(const tfg_softmax_s16_params *params, int32_t rows, int32_t depth, const int16_t *input,
                     int16_t *output)
{
    int32_t r, j;
    for (r = 0; r < rows; ++r) {
        const int16_t *x = input + r * depth;
        int16_t *y = output + r * depth;
        int32_t max = -32768;
        int32_t sum = 0;
        int32_t headroom_plus_one, shifted_sum, sym_sum, right_shift;
        int16_t reciprocal;
        int64_t round;
        for (j = 0; j < depth; ++j) {
            max = x[j] > max ? x[j] : max;
        }
        for (j = 0; j < depth; ++j) {
            const int32_t scaled = tfg_multiply_by_quantized_multiplier(x[j] - max, params->input_multiplier,
                                                                        params->input_shift);
            int32_t sym = scaled + 32767;
            sym = sym < -32768 ? -32768 : sym;
            sym = sym > 32767 ? 32767 : sym;
            y[j] = lookup((int16_t)sym, params->exp_lut);
            sum += y[j];
        }
        /* 1 / sum from the table of 1 / (1 + x), x = sum normalised to [1, 2) minus 1, recentred */
        headroom_plus_one = leading_zeros((uint32_t)sum);
        shifted_sum = (int32_t)((((int64_t)sum << (headroom_plus_one - 1)) + (1 << 13)) >> 14);
        sym_sum = shifted_sum - ((1 << 15) + (1 << 16));
        sym_sum = sym_sum < -32768 ? -32768 : sym_sum;
        sym_sum = sym_sum > 32767 ? 32767 : sym_sum;
        reciprocal = lookup((int16_t)sym_sum, params->one_over_one_plus_x_lut);
        right_shift = 31 - headroom_plus_one;
        round = (int64_t)1 << (right_shift - 1);
        for (j = 0; j < depth; ++j) {
            int32_t result = (int32_t)(((int64_t)y[j] * (int64_t)reciprocal + round) >> right_shift);
            result = result < 0 ? 0 : result;
            result = result > 32767 ? 32767 : result;
            y[j] = (int16_t)result;
        }
    }
}
