/*
 * MEAN over height and width with keep_dims, as TFLite's optimized integer Mean: the raw sum,
 * requantized by input_scale / (count x output_scale), plus a bias that carries both zero points.
 */
#include "tfg_kernels.h"

void tfg_mean_hw_keepdims_s8(const tfg_dims *input_dims, const int8_t *input, int32_t multiplier,
                             int32_t shift, int32_t bias, int8_t *output)
{
    const int32_t count = input_dims->h * input_dims->w;
    int32_t b, c, i;
    for (b = 0; b < input_dims->n; ++b) {
        const int8_t *plane = input + b * count * input_dims->c;
        for (c = 0; c < input_dims->c; ++c) {
            int32_t acc = 0;
            for (i = 0; i < count; ++i) {
                acc += plane[i * input_dims->c + c];
            }
            acc = tfg_multiply_by_quantized_multiplier(acc, multiplier, shift) + bias;
            acc = acc < -128 ? -128 : acc;
            acc = acc > 127 ? 127 : acc;
            output[b * input_dims->c + c] = (int8_t)acc;
        }
    }
}
