/*
 * CONV_2D of TFLite's 16x8 mode: int16 input and output (zero points 0), int8 per-channel weights,
 * int64 bias, a 64-bit accumulator and the 64-bit requantization (TFLite's reference
 * ConvPerChannel for int16, which its built-in kernel runs for int64 biases). Grouped when the
 * filter's depth is a divisor of the input depth. Same loop order as tfg_conv2d_s8 (the in-place rules
 * rely on it).
 */
#include "tfg_kernels.h"

void tfg_conv2d_s16(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                    const tfg_dims *input_dims, const int16_t *input,
                    const tfg_dims *filter_dims, const int8_t *filter, const int64_t *bias,
                    const tfg_dims *output_dims, int16_t *output)
{
    const int32_t in_h = input_dims->h;
    const int32_t in_w = input_dims->w;
    const int32_t in_c = input_dims->c;
    const int32_t k_h = filter_dims->h;
    const int32_t k_w = filter_dims->w;
    const int32_t group_c = filter_dims->c;
    const int32_t out_c = output_dims->c;
    const int32_t out_per_group = out_c / (in_c / group_c);
    int32_t b, oy, ox, oc, ky, kx, ic;

    for (b = 0; b < output_dims->n; ++b) {
        for (oy = 0; oy < output_dims->h; ++oy) {
            for (ox = 0; ox < output_dims->w; ++ox) {
                int16_t *out = output + ((b * output_dims->h + oy) * output_dims->w + ox) * out_c;
                for (oc = 0; oc < out_c; ++oc) {
                    const int32_t first_in = (oc / out_per_group) * group_c;
                    int64_t acc = 0;
                    int32_t scaled;
                    for (ky = 0; ky < k_h; ++ky) {
                        const int32_t iy = oy * params->stride_h - params->pad_top + ky * params->dilation_h;
                        if (iy < 0 || iy >= in_h) {
                            continue;
                        }
                        for (kx = 0; kx < k_w; ++kx) {
                            const int32_t ix = ox * params->stride_w - params->pad_left + kx * params->dilation_w;
                            const int16_t *x;
                            const int8_t *w;
                            if (ix < 0 || ix >= in_w) {
                                continue;
                            }
                            x = input + ((b * in_h + iy) * in_w + ix) * in_c + first_in;
                            w = filter + ((oc * k_h + ky) * k_w + kx) * group_c;
                            for (ic = 0; ic < group_c; ++ic) {
                                acc += (int32_t)w[ic] * (int32_t)x[ic];
                            }
                        }
                    }
                    if (bias != 0) {
                        acc += bias[oc];
                    }
                    scaled = tfg_multiply_by_quantized_multiplier_int64(acc, quant->multiplier[oc], quant->shift[oc]);
                    scaled = scaled < params->act_min ? params->act_min : scaled;
                    scaled = scaled > params->act_max ? params->act_max : scaled;
                    out[oc] = (int16_t)scaled;
                }
            }
        }
    }
}
