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

/* The requantized, offset and clamped output of an accumulator that already holds the bias. */
static inline int8_t tfg_depthwise_output(int32_t acc, const tfg_requant_const *k, int32_t output_offset,
                                          int32_t act_min, int32_t act_max)
{
    acc = tfg_requant_apply(acc, k) + output_offset;
    acc = acc < act_min ? act_min : acc;
    acc = acc > act_max ? act_max : acc;
    return (int8_t)acc;
}

/*
 * Channel c of the buffer into the interior of its padded plane; the border (the pad value) is the same for
 * every channel, so the caller fills it once. The interior is gathered four bytes at a time into one word
 * store (the bytes sit depth apart in the buffer).
 */
static void tfg_depthwise_save_plane(const tfg_conv_params *params, int32_t in_h, int32_t in_w, int32_t depth,
                                     int32_t plane_h, int32_t plane_w, const int8_t *buffer, int32_t c,
                                     int8_t *scratch)
{
    const int32_t r0 = params->pad_top;
    const int32_t r1 = params->pad_top + in_h < plane_h ? params->pad_top + in_h : plane_h;
    const int32_t q0 = params->pad_left < plane_w ? params->pad_left : plane_w;
    const int32_t q1 = params->pad_left + in_w < plane_w ? params->pad_left + in_w : plane_w;
    const int32_t step = in_w * depth;
    const int8_t *line = buffer + (q0 - params->pad_left) * depth + c;
    int32_t r, n;
    for (r = r0; r < r1; ++r) {
        const int8_t *src = line + (r - r0) * step;
        int8_t *dst = scratch + r * plane_w + q0;
        for (n = q1 - q0; n >= 4; n -= 4) {
            const uint32_t v = (uint32_t)(uint8_t)src[0] | (uint32_t)(uint8_t)src[depth] << 8
                               | (uint32_t)(uint8_t)src[2 * depth] << 16 | (uint32_t)(uint8_t)src[3 * depth] << 24;
            memcpy(dst, &v, 4);
            dst += 4;
            src += 4 * depth;
        }
        for (; n > 0; --n) {
            *dst++ = *src;
            src += depth;
        }
    }
}

/*
 * One channel of a 3x3 filter with dilation 1 over its padded plane. Each filter row is one 4-byte load
 * (x0..x3) split by SXTAB16 into (x0, x2) and (x1, x3), input offset added. With stride 1 two outputs share
 * it: the left one takes SMLAD((x0, x2), (w0, w2)) + x1 w1 (SMLABB), the right one SMLAD((x1, x3), (w0, w2))
 * + x2 w1 (SMLATB): 7 instructions for 6 MACs. Otherwise one output per load, 5 for 3.
 */
static void tfg_depthwise_channel_3x3(const tfg_conv_params *params, const tfg_requant_const *k, int32_t bias_c,
                                      const int8_t *filter, int32_t depth, const tfg_dims *output_dims,
                                      int32_t plane_w, const int8_t *scratch, int8_t *out)
{
    const int32_t out_h = output_dims->h;
    const int32_t out_w = output_dims->w;
    const int32_t offset2 = tfg_offset2(params->input_offset);
    const int32_t output_offset = params->output_offset;
    const int32_t act_min = params->act_min;
    const int32_t act_max = params->act_max;
    const int32_t stride_w = params->stride_w;
    const int32_t row_step = params->stride_h * plane_w;
    /* (w0, w2) of each filter row; the middle taps of rows 0 and 1 share a register (w1_01), row 2's alone */
    int32_t w02[3];
    int32_t w1_01, w1_2;
    int32_t ky, oy, ox;
    for (ky = 0; ky < 3; ++ky) {
        const int8_t *w = filter + ky * 3 * depth;
        w02[ky] = (int32_t)((uint32_t)(uint16_t)w[0] | ((uint32_t)(uint16_t)w[2 * depth] << 16));
    }
    w1_01 = (int32_t)((uint32_t)(uint16_t)filter[depth] | ((uint32_t)(uint16_t)filter[4 * depth] << 16));
    w1_2 = (int32_t)(uint16_t)filter[7 * depth];
    for (oy = 0; oy < out_h; ++oy) {
        const int8_t *top = scratch + oy * row_step;
        int8_t *o = out + oy * out_w * depth;
        ox = 0;
        if (stride_w == 1) {
            for (; ox + 1 < out_w; ox += 2) {
                const int8_t *p = top + ox;
                const uint32_t v0 = tfg_load4(p);
                const uint32_t v1 = tfg_load4(p + plane_w);
                const uint32_t v2 = tfg_load4(p + 2 * plane_w);
                int32_t e = __sxtab16(offset2, (int32_t)v0);
                int32_t d = tfg_sxtab16_ror8(offset2, v0);
                int32_t a0 = __smlad(e, w02[0], bias_c);
                int32_t a1 = __smlad(d, w02[0], bias_c);
                a0 = __smlabb(d, w1_01, a0);
                a1 = __smlatb(e, w1_01, a1);
                e = __sxtab16(offset2, (int32_t)v1);
                d = tfg_sxtab16_ror8(offset2, v1);
                a0 = __smlad(e, w02[1], a0);
                a1 = __smlad(d, w02[1], a1);
                a0 = __smlabt(d, w1_01, a0);
                a1 = __smlatt(e, w1_01, a1);
                e = __sxtab16(offset2, (int32_t)v2);
                d = tfg_sxtab16_ror8(offset2, v2);
                a0 = __smlad(e, w02[2], a0);
                a1 = __smlad(d, w02[2], a1);
                a0 = __smlabb(d, w1_2, a0);
                a1 = __smlatb(e, w1_2, a1);
                o[0] = tfg_depthwise_output(a0, k, output_offset, act_min, act_max);
                o[depth] = tfg_depthwise_output(a1, k, output_offset, act_min, act_max);
                o += 2 * depth;
            }
        }
        for (; ox < out_w; ++ox) {
            const int8_t *p = top + ox * stride_w;
            const uint32_t v0 = tfg_load4(p);
            const uint32_t v1 = tfg_load4(p + plane_w);
            const uint32_t v2 = tfg_load4(p + 2 * plane_w);
            int32_t acc = __smlad(__sxtab16(offset2, (int32_t)v0), w02[0], bias_c);
            acc = __smlabb(tfg_sxtab16_ror8(offset2, v0), w1_01, acc);
            acc = __smlad(__sxtab16(offset2, (int32_t)v1), w02[1], acc);
            acc = __smlabt(tfg_sxtab16_ror8(offset2, v1), w1_01, acc);
            acc = __smlad(__sxtab16(offset2, (int32_t)v2), w02[2], acc);
            acc = __smlabb(tfg_sxtab16_ror8(offset2, v2), w1_2, acc);
            *o = tfg_depthwise_output(acc, k, output_offset, act_min, act_max);
            o += depth;
        }
    }
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
    const int32_t fast3x3 = k_h == 3 && k_w == 3 && params->dilation_h == 1 && params->dilation_w == 1;
    int32_t c, oy, ox, ky, kx;

    memset(scratch, (int8_t)(-params->input_offset), (size_t)(plane_h * plane_w));
    for (c = 0; c < depth; ++c) {
        tfg_depthwise_save_plane(params, in_h, in_w, depth, plane_h, plane_w, buffer, c, scratch);
        if (fast3x3 && quant->multiplier[c] != INT32_MIN) {
            const tfg_requant_const k = tfg_requant_prepare(quant->multiplier[c], quant->shift[c]);
            tfg_depthwise_channel_3x3(params, &k, bias != 0 ? bias[c] : 0, filter + c, depth, output_dims, plane_w,
                                      scratch, buffer + c);
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
