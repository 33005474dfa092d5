/*
 * SOFTMAX int8 over the last dimension, as TFLite's optimized int8 Softmax: a 256-entry table of
 * exp(-input_scale * beta * d) for d = max - x (computed by the code generator), float sum and
 * normalisation, rounding half away from zero. Float arithmetic is plain IEEE single precision
 * (no libm), so every core with IEEE floats (hardware or soft-float) gives the same bytes.
 */
#include "tfg_kernels.h"

/* round half away from zero without libm; exact for |x| < 2^23 */
static int32_t round_away(float x)
{
    const int32_t t = (int32_t)x;
    const float frac = x - (float)t;
    if (frac >= 0.5f) {
        return t + 1;
    }
    if (frac <= -0.5f) {
        return t - 1;
    }
    return t;
}

void tfg_softmax_s8(const float *exp_table, int32_t rows, int32_t depth, float output_scale,
                    int32_t output_zero_point, const int8_t *input, int8_t *output)
{
    int32_t r, j;
    for (r = 0; r < rows; ++r) {
        const int8_t *x = input + r * depth;
        int8_t *y = output + r * depth;
        int32_t max = -128;
        float sum = 0.0f;
        float inv;
        const float *table;
        for (j = 0; j < depth; ++j) {
            max = x[j] > max ? x[j] : max;
        }
        /* table[255 - d] = exp(-scale * beta * d); entry for x is table[255 - max + x] */
        table = exp_table + 255 - max;
        for (j = 0; j < depth; ++j) {
            sum += table[x[j]];
        }
        inv = 1.0f / (sum * output_scale);
        for (j = 0; j < depth; ++j) {
            int32_t q = round_away(table[x[j]] * inv) + output_zero_point;
            q = q < -128 ? -128 : q;
            q = q > 127 ? 127 : q;
            y[j] = (int8_t)q;
        }
    }
}
