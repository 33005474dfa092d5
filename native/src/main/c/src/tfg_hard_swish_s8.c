/*
 * HARD_SWISH int8, x * relu6(x + 3) / 6, in TFLite's 16-bit fixed point: the input is lifted to a
 * "hi-res" scale (x 2^7), a "relu-ish" factor in [0, 1] is derived from it with saturation at +-3,
 * and the product is brought to the output scale. Every step rounds exactly as TFLite's kernel.
 */
#include "tfg_kernels.h"

/* High 16 bits of 2*a*b, rounded to nearest (ties away from zero), saturating the single overflow case. */
static int16_t rounding_doubling_high_mul16(int16_t a, int16_t b)
{
    const int32_t ab = (int32_t)a * (int32_t)b;
    const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
    if (a == INT16_MIN && b == INT16_MIN) {
        return INT16_MAX;
    }
    return (int16_t)((ab + nudge) / (1 << 15)); /* C99 division truncates toward zero */
}

/* High 16 bits of 2*a*b, truncated toward zero: the non-rounding variant TFLite uses for the final product. */
static int16_t doubling_high_mul16(int16_t a, int16_t b)
{
    if (a == INT16_MIN && b == INT16_MIN) {
        return INT16_MAX;
    }
    return (int16_t)(((int32_t)a * (int32_t)b) / (1 << 15));
}

static int16_t saturating_left_shift16(int16_t x, int32_t amount)
{
    int32_t r = (int32_t)x * (1 << amount);
    r = r > INT16_MAX ? INT16_MAX : r;
    r = r < INT16_MIN ? INT16_MIN : r;
    return (int16_t)r;
}

/* x / 2^exponent rounded to nearest, ties away from zero. */
static int16_t rounding_divide_by_pot16(int16_t x, int32_t exponent)
{
    const int32_t mask = (1 << exponent) - 1;
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (int16_t)((x >> exponent) + (remainder > threshold ? 1 : 0));
}

void tfg_hard_swish_s8(const tfg_hard_swish_params *params, const int8_t *input, int32_t n, int8_t *output)
{
    int32_t i;
    for (i = 0; i < n; ++i) {
        const int16_t x = (int16_t)(input[i] - params->input_zero_point);
        const int16_t hires = (int16_t)(x * (1 << 7));
        const int16_t preshift_output = rounding_doubling_high_mul16(hires, params->output_multiplier);
        int16_t reluish = hires;
        int32_t out;
        /* Rescale so that +-3.0 maps to +-32768: left shifts saturate, the last bit after the multiply. */
        if (params->reluish_shift > 0) {
            reluish = saturating_left_shift16(reluish, params->reluish_shift - 1);
        }
        reluish = rounding_doubling_high_mul16(reluish, params->reluish_multiplier);
        if (params->reluish_shift > 0) {
            reluish = saturating_left_shift16(reluish, 1);
        }
        if (params->reluish_shift < 0) {
            reluish = rounding_divide_by_pot16(reluish, -params->reluish_shift);
        }
        /* [-1, 1] -> [0, 1] */
        reluish = (int16_t)((reluish + (1 << 15)) >> 1);
        out = rounding_divide_by_pot16(doubling_high_mul16(reluish, preshift_output), -params->output_shift);
        out += params->output_zero_point;
        out = out > INT8_MAX ? INT8_MAX : out;
        out = out < INT8_MIN ? INT8_MIN : out;
        output[i] = (int8_t)out;
    }
}
