/*
 * QUANTIZE float32 -> int16 at a model's input: round(x / scale) half away from zero, plus the zero point,
 * saturated, with TFLite's built-in kernel's result computed in single precision (tfg_quantize_round_f32,
 * which says why that is exact).
 */
#include "tfg_internal.h"

void tfg_quantize_f32_s16(const float *input, int32_t n, float scale, int32_t zero_point, int16_t *output)
{
    int32_t i;
    for (i = 0; i < n; ++i) {
        int32_t r = tfg_quantize_round_f32(input[i], scale) + zero_point;
        r = r > INT16_MAX ? INT16_MAX : r;
        r = r < INT16_MIN ? INT16_MIN : r;
        output[i] = (int16_t)r;
    }
}
