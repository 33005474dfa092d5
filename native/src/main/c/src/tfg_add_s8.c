/* ADD int8 with broadcasting (TFLite's integer Add: common scale with left_shift bits of headroom). */
#include "tfg_internal.h"

void tfg_add_s8(const tfg_add_params *params, const tfg_dims *input1_dims, const int8_t *input1,
                const tfg_dims *input2_dims, const int8_t *input2, const tfg_dims *output_dims,
                int8_t *output)
{
    int32_t b, y, x, c;
    int32_t i = 0;
    if (tfg_same_dims(input1_dims, output_dims) && tfg_same_dims(input2_dims, output_dims)) {
        /* Elementwise (the residual adds of a network): no broadcast indexing, requantization inlined. */
        const int32_t n = output_dims->n * output_dims->h * output_dims->w * output_dims->c;
        for (i = 0; i < n; ++i) {
            const int32_t s1 = tfg_requantize_inline((params->input1_offset + input1[i]) * (1 << params->left_shift),
                                                     params->input1_multiplier, params->input1_shift);
            const int32_t s2 = tfg_requantize_inline((params->input2_offset + input2[i]) * (1 << params->left_shift),
                                                     params->input2_multiplier, params->input2_shift);
            int32_t out = tfg_requantize_inline(s1 + s2, params->output_multiplier, params->output_shift)
                          + params->output_offset;
            out = out < params->act_min ? params->act_min : out;
            out = out > params->act_max ? params->act_max : out;
            output[i] = (int8_t)out;
        }
        return;
    }
    for (b = 0; b < output_dims->n; ++b) {
        for (y = 0; y < output_dims->h; ++y) {
            for (x = 0; x < output_dims->w; ++x) {
                for (c = 0; c < output_dims->c; ++c) {
                    const int32_t v1 = params->input1_offset + input1[tfg_broadcast_index(input1_dims, b, y, x, c)];
                    const int32_t v2 = params->input2_offset + input2[tfg_broadcast_index(input2_dims, b, y, x, c)];
                    const int32_t s1 = tfg_multiply_by_quantized_multiplier(v1 * (1 << params->left_shift),
                                                                            params->input1_multiplier,
                                                                            params->input1_shift);
                    const int32_t s2 = tfg_multiply_by_quantized_multiplier(v2 * (1 << params->left_shift),
                                                                            params->input2_multiplier,
                                                                            params->input2_shift);
                    int32_t out = tfg_multiply_by_quantized_multiplier(s1 + s2, params->output_multiplier,
                                                                       params->output_shift)
                                  + params->output_offset;
                    out = out < params->act_min ? params->act_min : out;
                    out = out > params->act_max ? params->act_max : out;
                    output[i++] = (int8_t)out;
                }
            }
        }
    }
}
