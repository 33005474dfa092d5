/* DEQUANTIZE int8 -> float32 at a model's output: scale * (q - zero point) in single precision, as TFLite. */
#include "tfg_kernels.h"

void tfg_dequantize_s8_f32(const int8_t *input, int32_t n, float scale, int32_t zero_point, float *output)
{
    int32_t i;
    for (i = 0; i < n; ++i) {
        output[i] = scale * (float)(input[i] - zero_point);
    }
}
