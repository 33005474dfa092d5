/* DEQUANTIZE int16 -> float32 at a 16x8 model's output: scale * (q - zero point), one rounding to float. */
#include "tfg_kernels.h"

void tfg_dequantize_s16_f32(const int16_t *input, int32_t n, float scale, int32_t zero_point, float *output)
{
    int32_t i;
    for (i = 0; i < n; ++i) {
        output[i] = scale * (float)(input[i] - zero_point);
    }
}
