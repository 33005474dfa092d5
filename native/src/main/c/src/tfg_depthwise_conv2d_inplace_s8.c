/*
 * DEPTHWISE_CONV_2D int8 (depth multiplier 1, batch 1) computed in place, as TinyEngine does: for each
 * channel, the input channel is saved in scratch, then the output channel is written over the buffer.
 * Output pixel p of channel c is byte p * C + c, which held input pixel p of channel c: already saved,
 * since the output has no more pixels than the input. Same arithmetic as tfg_depthwise_conv2d_s8.
 *
 * On a core with the DSP extension (__ARM_FEATURE_DSP) given scratch_bytes of at least the padded
 * plane (tfg_depthwise_conv2d_inplace_s8_get_buffer_size there), the channel is saved with its padding
 * (filled with the input zero point, which contributes exactly 0, as TFLite's padding does), so the
 * taps need no bounds checks; a 3x3 filter with dilation 1 then takes each filter row as one 4-byte
 * load, two SXTAB16 and two SMLAD. Otherwise the plain path, which saves the bare channel (H x W bytes).
 */
#include "tfg_internal.h"

#ifdef TFG_DSP
#define TFG_DEPTHWISE_DSP 1
#endif

#ifdef TFG_DEPTHWISE_DSP

/* Rows and columns of the padded plane the outputs read. */
static int32_t tfg_depthwise_plane_h(const tfg_dims *filter_dims, const tfg_dims *output_dims, int32_t stride_h,
                                     int32_t dilation_h)
{
    return (output_dims->h - 1) * stride_h + (filter_dims->h - 1) * dilation_h + 1;
}

static int32_t tfg_depthwise_plane_w(const tfg_dims *filter_dims, const tfg_dims *output_dims, int32_t stride_w,
                                     int32_t dilation_w)
{
    return (output_dims->w - 1) * stride_w + (filter_dims->w - 1) * dilation_w + 1;
}

static int8_t tfg_depthwise_requantize(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                       const int32_t *bias, int32_t c, int32_t acc)
{
    if (bias != 0) {
        acc += bias[c];
    }
    acc = tfg_multiply_by_quantized_multiplier(acc, quant->multiplier[c], quant->shift[c]);
    acc += params->output_offset;
    acc = acc < params->act_min ? params->act_min : acc;
    acc = acc > params->act_max ? params->act_max : acc;
    return (int8_t)acc;
}

static void tfg_depthwise_inplace_dsp(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                      const tfg_dims *input_dims, const tfg_dims *filter_dims, const int8_t *filter,
                                      const int32_t *bias, const tfg_dims *output_dims, int8_t *buffer,
                                      int8_t *scratch)
{
    const int32_t in_h = input_dims->h;
    const int32_t in_w = input_dims->w;
    const int32_t depth = input_dims->c;
    const int32_t k_h = filter_dims->h;
    const int32_t k_w = filter_dims->w;
    const int32_t plane_h = tfg_depthwise_plane_h(filter_dims, output_dims, params->stride_h, params->dilation_h);
    const int32_t plane_w = tfg_depthwise_plane_w(filter_dims, output_dims, params->stride_w, params->dilation_w);
    const int8_t pad = (int8_t)(-params->input_offset);
    const int32_t offset2 = tfg_offset2(params->input_offset);
    const int32_t fast3x3 = k_h == 3 && k_w == 3 && params->dilation_h == 1 && params->dilation_w == 1;
    int32_t c, r, q, oy, ox, ky, kx;

    for (c = 0; c < depth; ++c) {
        for (r = 0; r < plane_h; ++r) {
            const int32_t iy = r - params->pad_top;
            int8_t *row = scratch + r * plane_w;
            if (iy < 0 || iy >= in_h) {
                memset(row, pad, (size_t)plane_w);
                continue;
            }
            for (q = 0; q < plane_w; ++q) {
                const int32_t ix = q - params->pad_left;
                row[q] = ix < 0 || ix >= in_w ? pad : buffer[(iy * in_w + ix) * depth + c];
            }
        }
        if (fast3x3) {
            /* per filter row: taps 0 and 2 as one 16-bit pair, tap 1 with 0 beside it */
            uint32_t w02[3];
            uint32_t w1[3];
            for (ky = 0; ky < 3; ++ky) {
                const int8_t *w = filter + ky * 3 * depth + c;
                w02[ky] = (uint32_t)(uint16_t)w[0] | ((uint32_t)(uint16_t)w[2 * depth] << 16);
                w1[ky] = (uint32_t)(uint16_t)w[depth];
            }
            for (oy = 0; oy < output_dims->h; ++oy) {
                const int8_t *top = scratch + oy * params->stride_h * plane_w;
                int8_t *out = buffer + oy * output_dims->w * depth + c;
                for (ox = 0; ox < output_dims->w; ++ox) {
                    const int8_t *p = top + ox * params->stride_w;
                    int32_t acc = 0;
                    for (ky = 0; ky < 3; ++ky) {
                        const uint32_t v = tfg_load4(p + ky * plane_w);
                        acc = __smlad(__sxtab16(offset2, (int32_t)v), (int32_t)w02[ky], acc);
                        acc = __smlad(tfg_sxtab16_ror8(offset2, v), (int32_t)w1[ky], acc);
                    }
                    out[ox * depth] = tfg_depthwise_requantize(params, quant, bias, c, acc);
                }
            }
        } else {
            for (oy = 0; oy < output_dims->h; ++oy) {
                for (ox = 0; ox < output_dims->w; ++ox) {
                    const int8_t *p = scratch + oy * params->stride_h * plane_w + ox * params->stride_w;
                    int32_t acc = 0;
                    for (ky = 0; ky < k_h; ++ky) {
                        const int8_t *x = p + ky * params->dilation_h * plane_w;
                        const int8_t *w = filter + ky * k_w * depth + c;
                        for (kx = 0; kx < k_w; ++kx) {
                            acc += (int32_t)w[kx * depth] * ((int32_t)x[kx * params->dilation_w] + params->input_offset);
                        }
                    }
                    buffer[(oy * output_dims->w + ox) * depth + c] =
                        tfg_depthwise_requantize(params, quant, bias, c, acc);
                }
            }
        }
    }
}

#endif /* TFG_DEPTHWISE_DSP */

void tfg_depthwise_conv2d_inplace_s8(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                     const tfg_dims *input_dims, const tfg_dims *filter_dims,
                                     const int8_t *filter, const int32_t *bias, const tfg_dims *output_dims,
                                     int8_t *buffer, int8_t *scratch, int32_t scratch_bytes)
{
    const int32_t in_h = input_dims->h;
    const int32_t in_w = input_dims->w;
    const int32_t depth = input_dims->c;
    int32_t c, p, oy, ox;

#ifdef TFG_DEPTHWISE_DSP
    if (scratch_bytes >= tfg_depthwise_conv2d_inplace_s8_get_buffer_size(input_dims, filter_dims, output_dims,
                                                                         params->stride_h, params->stride_w,
                                                                         params->dilation_h, params->dilation_w)) {
        tfg_depthwise_inplace_dsp(params, quant, input_dims, filter_dims, filter, bias, output_dims, buffer, scratch);
        return;
    }
#else
    (void)scratch_bytes;
#endif
    for (c = 0; c < depth; ++c) {
        for (p = 0; p < in_h * in_w; ++p) {
            scratch[p] = buffer[p * depth + c];
        }
        for (oy = 0; oy < output_dims->h; ++oy) {
            for (ox = 0; ox < output_dims->w; ++ox) {
                buffer[(oy * output_dims->w + ox) * depth + c] =
                    tfg_depthwise_value(params, quant, scratch, 1, in_h, in_w, filter_dims, filter, bias, c, oy, ox);
            }
        }
    }
}

int32_t tfg_depthwise_conv2d_inplace_s8_get_buffer_size(const tfg_dims *input_dims, const tfg_dims *filter_dims,
                                                        const tfg_dims *output_dims, int32_t stride_h,
                                                        int32_t stride_w, int32_t dilation_h, int32_t dilation_w)
{
#ifdef TFG_DEPTHWISE_DSP
    /* the padded plane, and 3 bytes for the last 4-byte load of a filter row */
    (void)input_dims;
    return tfg_depthwise_plane_h(filter_dims, output_dims, stride_h, dilation_h)
               * tfg_depthwise_plane_w(filter_dims, output_dims, stride_w, dilation_w)
           + 3;
#else
    (void)filter_dims;
    (void)output_dims;
    (void)stride_h;
    (void)stride_w;
    (void)dilation_h;
    (void)dilation_w;
    return input_dims->h * input_dims->w;
#endif
}
