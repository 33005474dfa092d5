/*
 * MUL of TFLite's 16x8 mode with broadcasting: TFLite's reference integer Mul for int16 (its only int16
 * kernel), the product of the inputs (zero points 0, so it fits 32 bits) requantized once.
 */
#include "tfg_internal.h"

void tfg_mul_s16(const tfg_mul_params *params, const tfg_dims *input1_dims, const int16_t *input1,
                 const tfg_dims *input2_dims, const int16_t *input2, const tfg_dims *output_dims,
                 int16_t *output)
{
    int32_t b, y, x, c;
    int32_t i = 0;
    for (b = 0; b < output_dims->n; ++b) {
        for (y = 0; y < output_dims->h; ++y) {
            for (x = 0; x < output_dims->w; ++x) {
                for (c = 0; c < output_dims->c; ++c) {
                    const int32_t v1 = params->input1_offset + input1[tfg_broadcast_index(input1_dims, b, y, x, c)];
                    const int32_t v2 = params->input2_offset + input2[tfg_broadcast_index(input2_dims, b, y, x, c)];
                    int32_t out = params->output_offset
                                  + tfg_multiply_by_quantized_multiplier(v1 * v2, params->output_multiplier,
                                                                         params->output_shift);
                    out = out < params->act_min ? params->act_min : out;
                    out = out > params->act_max ? params->act_max : out;
                    output[i++] = (int16_t)out;
                }
            }
        }
    }
}
