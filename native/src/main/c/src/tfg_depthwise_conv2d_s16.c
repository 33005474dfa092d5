/*
 * DEPTHWISE_CONV_2D of TFLite's 16x8 mode: int16 input and output (zero points 0), int8 per-channel
 * weights, int64 bias, a 64-bit accumulator and the 64-bit requantization (TFLite's reference
 * DepthwiseConvPerChannel for int16, the only kernel its built-in op has for it).
 */
#include "tfg_kernels.h"

void tfg_depthwise_conv2d_s16(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                              const tfg_dims *input_dims, const int16_t *input,
                              const tfg_dims *filter_dims, const int8_t *filter, const int64_t *bias,
                              const tfg_dims *output_dims, int16_t *output)
{
    const int32_t in_h = input_dims->h;
    const int32_t in_w = input_dims->w;
    const int32_t in_c = input_dims->c;
    const int32_t k_h = filter_dims->h;
    const int32_t k_w = filter_dims->w;
    const int32_t out_c = output_dims->c;
    const int32_t mult = params->depth_multiplier;
    int32_t b, oy, ox, ic, m, ky, kx;

    for (b = 0; b < output_dims->n; ++b) {
        const int16_t *image = input + b * in_h * in_w * in_c;
        for (oy = 0; oy < output_dims->h; ++oy) {
            for (ox = 0; ox < output_dims->w; ++ox) {
                int16_t *out = output + ((b * output_dims->h + oy) * output_dims->w + ox) * out_c;
                for (ic = 0; ic < in_c; ++ic) {
                    for (m = 0; m < mult; ++m) {
                        const int32_t oc = ic * mult + m;
                        int64_t acc = 0;
                        int32_t scaled;
                        for (ky = 0; ky < k_h; ++ky) {
                            const int32_t iy = oy * params->stride_h - params->pad_top + ky * params->dilation_h;
                            if (iy < 0 || iy >= in_h) {
                                continue;
                            }
                            for (kx = 0; kx < k_w; ++kx) {
                                const int32_t ix = ox * params->stride_w - params->pad_left + kx * params->dilation_w;
                                if (ix < 0 || ix >= in_w) {
                                    continue;
                                }
                                acc += (int32_t)filter[(ky * k_w + kx) * out_c + oc]
                                       * (int32_t)image[(iy * in_w + ix) * in_c + ic];
                            }
                        }
                        if (bias != 0) {
                            acc += bias[oc];
                        }
                        scaled = tfg_multiply_by_quantized_multiplier_int64(acc, quant->multiplier[oc],
                                                                            quant->shift[oc]);
                        scaled = scaled < params->act_min ? params->act_min : scaled;
                        scaled = scaled > params->act_max ? params->act_max : scaled;
                        out[oc] = (int16_t)scaled;
                    }
                }
            }
        }
    }
}
