/*
 * DEPTHWISE_CONV_2D int8 with per-channel requantization (TFLite's DepthwisePerChannel arithmetic).
 *
 * On a core with the DSP extension (__ARM_FEATURE_DSP), a filter with dilation 1 and multiplier 1 (3x3 unrolled,
 * any other k_h x k_w of up to 256 taps with its taps in a loop) takes a faster path that needs no scratch (so patch stages, whose ops get none, run it too): at an output pixel
 * whose window lies inside the input, four channels at a time from the NHWC layout. One 4-byte load gives a
 * tap of four channels, SXTAB16 and SXTAB16 ROR 8 split it into (c0, c2) and (c1, c3) with the input offset
 * added, the filter's four bytes of the tap likewise (SXTB16), and SMLABB/SMLATT accumulate each channel in
 * its own register: 10 instructions for 4 MACs, then the requantization inlined (tfg_requant_apply). Border
 * pixels and the channels after the last group of four take the plain path. The sums are the plain path's in
 * another order, so the bytes are the same.
 */
#include "tfg_internal.h"

#ifdef TFG_DSP

/*
 * The requantized, offset and clamped output of an accumulator that already holds the bias. shortq: every
 * channel of the layer has a right shift of 1..31 and |bias| <= 2^28 (so |acc| < 2^29), and the reference's
 * high word floor((acc * m + 2^30) / 2^31) is SMMULR(2 * acc, m) exactly, rounded by
 * (high + 2^(r-1) - [high < 0]) >> r without overflow (|high| <= |acc|); otherwise tfg_requant_apply. full:
 * act_min -128 and act_max 127, the clamp as one SSAT. The callers pass constant flags.
 */
static TFG_SPECIALISE int8_t tfg_depthwise_dsp_output(int32_t acc, int32_t multiplier, int32_t shift,
                                                      const tfg_conv_params *params, int shortq, int full)
{
    if (shortq) {
        const int32_t high = tfg_smmulr(acc * 2, multiplier);
        const int32_t half = 1 << ~shift; /* 2^(right - 1), right = -shift */
        acc = (high + half - (int32_t)((uint32_t)high >> 31)) >> -shift;
    } else {
        const tfg_requant_const k = tfg_requant_prepare(multiplier, shift);
        acc = tfg_requant_apply(acc, &k);
    }
    acc += params->output_offset;
    if (full) {
        return (int8_t)__ssat(acc, 8);
    }
    acc = acc < params->act_min ? params->act_min : acc;
    acc = acc > params->act_max ? params->act_max : acc;
    return (int8_t)acc;
}

/* Whether every channel suits the short requantization of tfg_depthwise_dsp_output. */
static int tfg_depthwise_dsp_short(const tfg_per_channel_quant *quant, const int32_t *bias, int32_t depth)
{
    int32_t c;
    for (c = 0; c < depth; ++c) {
        const int32_t b = bias != 0 ? bias[c] : 0;
        if (quant->shift[c] > -1 || quant->shift[c] < -31 || b > (1 << 28) || b < -(1 << 28)) {
            return 0;
        }
    }
    return 1;
}

/* Largest number of taps (Kh x Kw) of the DSP path: the short requantization's bound on the sums assumes it. */
#define TFG_DEPTHWISE_DSP_MAX_TAPS 256

/*
 * Whether the DSP path applies: a filter of at most TFG_DEPTHWISE_DSP_MAX_TAPS taps (3x3 has its own unrolled
 * pixel), dilation 1, multiplier 1, and no multiplier INT32_MIN (see tfg_requant_apply).
 */
static int tfg_depthwise_dsp_applies(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                     const tfg_dims *filter_dims)
{
    int32_t c;
    if (filter_dims->h * filter_dims->w > TFG_DEPTHWISE_DSP_MAX_TAPS || params->dilation_h != 1
        || params->dilation_w != 1 || params->depth_multiplier != 1) {
        return 0;
    }
    for (c = 0; c < filter_dims->c; ++c) {
        if (quant->multiplier[c] == INT32_MIN) {
            return 0;
        }
    }
    return 1;
}

/* Channels [0, depth & ~3) of one output pixel whose 3x3 window, top-left at x, lies inside the input. */
static TFG_SPECIALISE void tfg_depthwise_dsp_pixel(const tfg_conv_params *params,
                                                   const tfg_per_channel_quant *quant, const int8_t *x,
                                                   int32_t row_step, int32_t depth, const int8_t *filter,
                                                   const int32_t *bias, int8_t *out, int shortq, int full)
{
    const int32_t offset2 = tfg_offset2(params->input_offset);
    const int32_t depth2 = 2 * depth;
    int32_t c, ky;
    for (c = 0; c + 4 <= depth; c += 4) {
        const int8_t *row = x + c;
        const int8_t *w = filter + c;
        int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        if (bias != 0) {
            a0 = bias[c];
            a1 = bias[c + 1];
            a2 = bias[c + 2];
            a3 = bias[c + 3];
        }
        for (ky = 0; ky < 3; ++ky) {
            uint32_t v = tfg_load4(row);
            uint32_t f = tfg_load4(w);
            int32_t e = __sxtab16(offset2, (int32_t)v);
            int32_t d = tfg_sxtab16_ror8(offset2, v);
            int32_t fe = __sxtb16((int32_t)f);
            int32_t fd = tfg_sxtb16_ror8(f);
            a0 = __smlabb(e, fe, a0);
            a2 = __smlatt(e, fe, a2);
            a1 = __smlabb(d, fd, a1);
            a3 = __smlatt(d, fd, a3);
            v = tfg_load4(row + depth);
            f = tfg_load4(w + depth);
            e = __sxtab16(offset2, (int32_t)v);
            d = tfg_sxtab16_ror8(offset2, v);
            fe = __sxtb16((int32_t)f);
            fd = tfg_sxtb16_ror8(f);
            a0 = __smlabb(e, fe, a0);
            a2 = __smlatt(e, fe, a2);
            a1 = __smlabb(d, fd, a1);
            a3 = __smlatt(d, fd, a3);
            v = tfg_load4(row + depth2);
            f = tfg_load4(w + depth2);
            e = __sxtab16(offset2, (int32_t)v);
            d = tfg_sxtab16_ror8(offset2, v);
            fe = __sxtb16((int32_t)f);
            fd = tfg_sxtb16_ror8(f);
            a0 = __smlabb(e, fe, a0);
            a2 = __smlatt(e, fe, a2);
            a1 = __smlabb(d, fd, a1);
            a3 = __smlatt(d, fd, a3);
            row += row_step;
            w += 3 * depth;
        }
        out[c] = tfg_depthwise_dsp_output(a0, quant->multiplier[c], quant->shift[c], params,
                                                     shortq, full);
        out[c + 1] = tfg_depthwise_dsp_output(a1, quant->multiplier[c + 1], quant->shift[c + 1], params,
                                                     shortq, full);
        out[c + 2] = tfg_depthwise_dsp_output(a2, quant->multiplier[c + 2], quant->shift[c + 2], params,
                                                     shortq, full);
        out[c + 3] = tfg_depthwise_dsp_output(a3, quant->multiplier[c + 3], quant->shift[c + 3], params,
                                                     shortq, full);
    }
}

/*
 * Channels [0, depth & ~3) of one output pixel whose k_h x k_w window, top-left at x, lies inside the input: the
 * 3x3 pixel's four channels per load, over any filter (taps in a loop, 9 instructions per tap of four channels).
 */
static TFG_SPECIALISE void tfg_depthwise_dsp_pixel_kxk(const tfg_conv_params *params,
                                                       const tfg_per_channel_quant *quant, const int8_t *x,
                                                       int32_t row_step, int32_t depth, int32_t k_h, int32_t k_w,
                                                       const int8_t *filter, const int32_t *bias, int8_t *out,
                                                       int shortq, int full)
{
    const int32_t offset2 = tfg_offset2(params->input_offset);
    const int32_t row_skip = row_step - k_w * depth;
    int32_t c, ky, kx;
    for (c = 0; c + 4 <= depth; c += 4) {
        const int8_t *p = x + c;
        const int8_t *w = filter + c;
        int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        if (bias != 0) {
            a0 = bias[c];
            a1 = bias[c + 1];
            a2 = bias[c + 2];
            a3 = bias[c + 3];
        }
        for (ky = 0; ky < k_h; ++ky) {
            for (kx = 0; kx < k_w; ++kx) {
                const uint32_t v = tfg_load4(p);
                const uint32_t f = tfg_load4(w);
                const int32_t e = __sxtab16(offset2, (int32_t)v);
                const int32_t d = tfg_sxtab16_ror8(offset2, v);
                const int32_t fe = __sxtb16((int32_t)f);
                const int32_t fd = tfg_sxtb16_ror8(f);
                a0 = __smlabb(e, fe, a0);
                a2 = __smlatt(e, fe, a2);
                a1 = __smlabb(d, fd, a1);
                a3 = __smlatt(d, fd, a3);
                p += depth;
                w += depth;
            }
            p += row_skip;
        }
        out[c] = tfg_depthwise_dsp_output(a0, quant->multiplier[c], quant->shift[c], params, shortq, full);
        out[c + 1] = tfg_depthwise_dsp_output(a1, quant->multiplier[c + 1], quant->shift[c + 1], params, shortq, full);
        out[c + 2] = tfg_depthwise_dsp_output(a2, quant->multiplier[c + 2], quant->shift[c + 2], params, shortq, full);
        out[c + 3] = tfg_depthwise_dsp_output(a3, quant->multiplier[c + 3], quant->shift[c + 3], params, shortq, full);
    }
}

static TFG_SPECIALISE void tfg_depthwise_dsp(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                             const tfg_dims *input_dims, const int8_t *input,
                                             const tfg_dims *filter_dims, const int8_t *filter, const int32_t *bias,
                                             const tfg_dims *output_dims, int8_t *output, int shortq, int full)
{
    const int32_t in_h = input_dims->h;
    const int32_t in_w = input_dims->w;
    const int32_t depth = input_dims->c;
    const int32_t blocked = depth & ~3;
    const int32_t row_step = in_w * depth;
    const int32_t k_h = filter_dims->h;
    const int32_t k_w = filter_dims->w;
    const int is3x3 = k_h == 3 && k_w == 3;
    int32_t b, oy, ox, c;

    for (b = 0; b < output_dims->n; ++b) {
        const int8_t *image = input + b * in_h * in_w * depth;
        for (oy = 0; oy < output_dims->h; ++oy) {
            const int32_t iy = oy * params->stride_h - params->pad_top;
            const int rows_inside = iy >= 0 && iy + k_h <= in_h;
            for (ox = 0; ox < output_dims->w; ++ox) {
                const int32_t ix = ox * params->stride_w - params->pad_left;
                int8_t *out = output + ((b * output_dims->h + oy) * output_dims->w + ox) * depth;
                c = 0;
                if (rows_inside && ix >= 0 && ix + k_w <= in_w) {
                    if (is3x3) {
                        tfg_depthwise_dsp_pixel(params, quant, image + (iy * in_w + ix) * depth, row_step, depth,
                                                filter, bias, out, shortq, full);
                    } else {
                        tfg_depthwise_dsp_pixel_kxk(params, quant, image + (iy * in_w + ix) * depth, row_step, depth,
                                                    k_h, k_w, filter, bias, out, shortq, full);
                    }
                    c = blocked;
                }
                for (; c < depth; ++c) {
                    out[c] = tfg_depthwise_value(params, quant, image + c, depth, in_h, in_w, filter_dims, filter,
                                                 bias, c, oy, ox);
                }
            }
        }
    }
}

#endif /* TFG_DSP */

#ifdef TFG_MVE
/*
 * The Helium (MVE) path of the Cortex-M55, chosen before the DSP one: depth multiplier 1, any filter size, stride
 * and dilation, no scratch (so patch stages run it too). Four channels per vector of 32-bit lanes, the channel
 * block outermost so its requantization constants and its bias stay in vectors across all output pixels. The
 * input offset is folded into the bias (bias + offset * sum of the weights, once per block), so an in-bounds tap
 * is one VLDRB.S32 of four input channels, one of their weights, VMUL and VADD; a tap in the padding adds the raw
 * pad value (the zero point, -offset) times its weight, which cancels its share of the fold exactly (the sums
 * are TFLite's modulo 2^32, and TFLite's fit int32). The requantization is
 * TFLite's MultiplyByQuantizedMultiplier on four channels with their own multipliers and shifts: the arithmetic of
 * tfg_mve_requantize (see tfg_internal.h for why it is exact) with per-lane shifts, the half-away-from-zero
 * correction only in the lanes that shift right. A last block of fewer than four channels uses predicated loads
 * and stores.
 */
#define TFG_DEPTHWISE_OOP_MVE 1

static int tfg_depthwise_oop_mve_applies(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                         int32_t depth)
{
    int32_t c;
    if (params->depth_multiplier != 1) {
        return 0;
    }
    for (c = 0; c < depth; ++c) {
        if (quant->multiplier[c] == INT32_MIN || quant->shift[c] > 30 || quant->shift[c] < -31) {
            return 0;
        }
    }
    return 1;
}

static void tfg_depthwise_oop_mve(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                  const tfg_dims *input_dims, const int8_t *input, const tfg_dims *filter_dims,
                                  const int8_t *filter, const int32_t *bias, const tfg_dims *output_dims,
                                  int8_t *output)
{
    const int32_t in_h = input_dims->h;
    const int32_t in_w = input_dims->w;
    const int32_t depth = input_dims->c;
    const int32_t k_h = filter_dims->h;
    const int32_t k_w = filter_dims->w;
    const int32_t input_offset = params->input_offset;
    const int32x4_t act_min = vdupq_n_s32(params->act_min);
    const int32x4_t act_max = vdupq_n_s32(params->act_max);
    const int32x4_t zero = vdupq_n_s32(0);
    int32_t c, b, oy, ox, ky, kx;
    for (c = 0; c < depth; c += 4) {
        const mve_pred16_t p = vctp32q((uint32_t)(depth - c));
        const int32x4_t shift = vldrwq_z_s32(quant->shift + c, p);
        const int32x4_t multiplier = vldrwq_z_s32(quant->multiplier + c, p);
        const int32x4_t left = vmaxq_s32(shift, zero);
        const int32x4_t minus_right = vminq_s32(shift, zero);
        /* -1 in the lanes that shift right, 0 elsewhere: where the rounding is corrected towards zero */
        const int32x4_t away = vshrq_n_s32(minus_right, 31);
        int32x4_t b0 = bias != 0 ? vldrwq_z_s32(bias + c, p) : zero;
        int32_t t;
        /* the bias plus offset times the sum of the weights: each tap then adds w times the raw input */
        for (t = 0; t < k_h * k_w; ++t) {
            b0 = vmlaq_n_s32(b0, vldrbq_z_s32(filter + t * depth + c, p), input_offset);
        }
        for (b = 0; b < output_dims->n; ++b) {
            const int8_t *image = input + b * in_h * in_w * depth + c;
            int8_t *out = output + b * output_dims->h * output_dims->w * depth + c;
            for (oy = 0; oy < output_dims->h; ++oy) {
                const int32_t iy0 = oy * params->stride_h - params->pad_top;
                for (ox = 0; ox < output_dims->w; ++ox, out += depth) {
                    const int32_t ix0 = ox * params->stride_w - params->pad_left;
                    int32x4_t acc = b0;
                    for (ky = 0; ky < k_h; ++ky) {
                        const int32_t iy = iy0 + ky * params->dilation_h;
                        const int8_t *row = image + iy * in_w * depth;
                        const int8_t *w = filter + ky * k_w * depth + c;
                        if (iy < 0 || iy >= in_h) {
                            for (kx = 0; kx < k_w; ++kx, w += depth) {
                                acc = vmlaq_n_s32(acc, vldrbq_z_s32(w, p), -input_offset);
                            }
                            continue;
                        }
                        for (kx = 0; kx < k_w; ++kx, w += depth) {
                            const int32_t ix = ix0 + kx * params->dilation_w;
                            const int32x4_t wv = vldrbq_z_s32(w, p);
                            if (ix >= 0 && ix < in_w) {
                                acc = vaddq_s32(acc, vmulq_s32(vldrbq_z_s32(row + ix * depth, p), wv));
                            } else {
                                acc = vmlaq_n_s32(acc, wv, -input_offset); /* the raw pad value times w */
                            }
                        }
                    }
                    acc = vshlq_s32(acc, left);
                    acc = vqrdmulhq_s32(acc, multiplier);
                    acc = vqaddq_s32(acc, vandq_s32(vshrq_n_s32(acc, 31), away));
                    acc = vrshlq_s32(acc, minus_right);
                    acc = vaddq_n_s32(acc, params->output_offset);
                    acc = vminq_s32(vmaxq_s32(acc, act_min), act_max);
                    vstrbq_p_s32(out, acc, p);
                }
            }
        }
    }
}
#endif /* TFG_MVE */

#ifdef TFG_AVX2
/* Channels [c0, c0 + width) of tfg_depthwise_avx2, writing those from c0 + skip. */
static void tfg_depthwise_avx2_block(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                     const tfg_dims *input_dims, const int8_t *input, const tfg_dims *filter_dims,
                                     const int8_t *filter, const int32_t *bias, const tfg_dims *output_dims,
                                     int8_t *output, int32_t c0, int32_t skip, int32_t width)
{
    const int32_t in_h = input_dims->h, in_w = input_dims->w, depth = input_dims->c;
    const int32_t out_h = output_dims->h, out_w = output_dims->w;
    const int8_t *rows[TFG_DW_AVX2_MAX_TAPS];
    tfg_dw_avx2_block blk;
    int32_t b, oy, ky;
    tfg_dw_avx2_prepare(&blk, params, quant, filter_dims, filter, bias, depth, c0, skip, width);
    for (b = 0; b < output_dims->n; ++b) {
        const int8_t *image = input + b * in_h * in_w * depth + c0;
        int8_t *out = output + b * out_h * out_w * depth + c0;
        for (oy = 0; oy < out_h; ++oy) {
            for (ky = 0; ky < filter_dims->h; ++ky) {
                const int32_t iy = oy * params->stride_h - params->pad_top + ky * params->dilation_h;
                rows[ky] = iy < 0 || iy >= in_h ? 0 : image + iy * in_w * depth;
            }
            if (width == 8) {
                tfg_dw_avx2_row8(&blk, params, filter_dims, rows, in_w, depth, out_w, out + oy * out_w * depth, depth,
                                 skip != 0);
            } else if (skip) {
                tfg_dw_avx2_row(&blk, params, filter_dims, rows, in_w, depth, out_w, out + oy * out_w * depth, depth, 1);
            } else {
                tfg_dw_avx2_row(&blk, params, filter_dims, rows, in_w, depth, out_w, out + oy * out_w * depth, depth, 0);
            }
        }
    }
}

/*
 * The AVX2 path (tfg_internal.h's tfg_dw_avx2_row): blocks of sixteen channels (eight for a depth below 16), row by
 * row; when the depth is not a multiple of the width, a last block over the last channels writes the channels
 * after the other blocks.
 */
static void tfg_depthwise_avx2(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                               const tfg_dims *input_dims, const int8_t *input, const tfg_dims *filter_dims,
                               const int8_t *filter, const int32_t *bias, const tfg_dims *output_dims,
                               int8_t *output)
{
    const int32_t depth = input_dims->c;
    const int32_t width = tfg_dw_avx2_width(depth);
    const int32_t blocks = depth - depth % width;
    int32_t c0;
    for (c0 = 0; c0 < blocks; c0 += width) {
        tfg_depthwise_avx2_block(params, quant, input_dims, input, filter_dims, filter, bias, output_dims, output, c0,
                                 0, width);
    }
    if (blocks < depth) {
        tfg_depthwise_avx2_block(params, quant, input_dims, input, filter_dims, filter, bias, output_dims, output,
                                 depth - width, width - (depth - blocks), width);
    }
}
#endif /* TFG_AVX2 */

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

#ifdef TFG_AVX2
    if (tfg_dw_avx2_applies(params, quant, filter_dims, in_c)) {
        tfg_depthwise_avx2(params, quant, input_dims, input, filter_dims, filter, bias, output_dims, output);
        return;
    }
#endif
#ifdef TFG_DEPTHWISE_OOP_MVE
    if (tfg_depthwise_oop_mve_applies(params, quant, in_c)) {
        tfg_depthwise_oop_mve(params, quant, input_dims, input, filter_dims, filter, bias, output_dims, output);
        return;
    }
#endif
#ifdef TFG_DSP
    if (tfg_depthwise_dsp_applies(params, quant, filter_dims)) {
        const int full = params->act_min == -128 && params->act_max == 127;
        if (!tfg_depthwise_dsp_short(quant, bias, in_c)) {
            tfg_depthwise_dsp(params, quant, input_dims, input, filter_dims, filter, bias, output_dims, output, 0, 0);
        } else if (full) {
            tfg_depthwise_dsp(params, quant, input_dims, input, filter_dims, filter, bias, output_dims, output, 1, 1);
        } else {
            tfg_depthwise_dsp(params, quant, input_dims, input, filter_dims, filter, bias, output_dims, output, 1, 0);
        }
        return;
    }
#endif
#ifdef TFG_V6M
    if (tfg_multipliers_v6m(quant->multiplier, out_c)) {
        /* channel by channel: tfg_depthwise_channel_v6m */
        for (b = 0; b < output_dims->n; ++b) {
            const int8_t *image = input + b * in_h * in_w * in_c;
            int8_t *out = output + b * output_dims->h * output_dims->w * out_c;
            for (ic = 0; ic < in_c; ++ic) {
                for (m = 0; m < mult; ++m) {
                    const int32_t oc = ic * mult + m;
                    tfg_depthwise_channel_v6m(params, filter_dims, in_h, in_w, image + ic, in_c, 0, filter + oc,
                                              out_c, bias != 0 ? bias[oc] : 0, quant->multiplier[oc],
                                              quant->shift[oc], output_dims, out + oc, out_c);
                }
            }
        }
        return;
    }
#endif
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
