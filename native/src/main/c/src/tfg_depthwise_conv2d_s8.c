/* DEPTHWISE_CONV_2D int8 with per-channel requantization (TFLite's DepthwisePerChannel arithmetic). */
#include "tfg_internal.h"

void tfg_depthwise_conv2d_s8(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                             const tfg_dims *input_dims, const int8_t *input,
                             const tfg_dims *filter_dims, const int8_t *filter, const int32_t *bias,
                             const tfg_dims *output_dims, int8_t *output)
{
    const int32_t in_h = input_dims->h;
    const int32_t in_w = input_dims->w;
    const int32_t in_c = input_dims->c;
    const int32_t out_c = output_dims->c;
    const int32_t mult = params->depth_multiplier;
    int32_t b, oy, ox, ic, m;

    for (b = 0; b < output_dims->n; ++b) {
        const int8_t *image = input + b * in_h * in_w * in_c;
        for (oy = 0; oy < output_dims->h; ++oy) {
            for (ox = 0; ox < output_dims->w; ++ox) {
                int8_t *out = output + ((b * output_dims->h + oy) * output_dims->w + ox) * out_c;
                for (ic = 0; ic < in_c; ++ic) {
                    for (m = 0; m < mult; ++m) {
                        out[ic * mult + m] = tfg_depthwise_value(params, quant, image + ic, in_c, in_h, in_w,
                                                                 filter_dims, filter, bias, ic * mult + m, oy, ox);
                    }
                }
            }
        }
    }
}
