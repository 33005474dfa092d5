/*
 * QUANTIZE float32 -> int8 at a model's input: round(x / scale) half away from zero, plus the zero point,
 * saturated, with TFLite's built-in kernel's result computed in single precision (tfg_quantize_round_f32,
 * which says why that is exact).
 */
#include "tfg_internal.h"

void tfg_quantize_f32_s8(const float *input, int32_t n, float scale, int32_t zero_point, int8_t *output)
{
    int32_t i;
    for (i = 0; i < n; ++i) {
        int32_t r = tfg_quantize_round_f32(input[i], scale) + zero_point;
        r = r > INT8_MAX ? INT8_MAX : r;
        r = r < INT8_MIN ? INT8_MIN : r;
        output[i] = (int8_t)r;
    }
}
