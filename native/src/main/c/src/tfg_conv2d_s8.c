/*
 * CONV_2D int8 with per-channel requantization: TFLite's accumulation, ruy's rounding.
 *
 * Two paths, chosen here as CMSIS-NN's wrappers choose theirs. The plain C loop runs on every core.
 * On a core with the DSP extension (Cortex-M4, M7, M33, M55: __ARM_FEATURE_DSP) and a scratch buffer
 * (tfg_conv2d_s8_get_buffer_size bytes; the planner reserves it for such targets), an im2col GEMM:
 * the windows of two output pixels are copied into the scratch as int8 columns (padding filled with
 * the input zero point, so it contributes exactly 0, as TFLite's padding does), then each pair of
 * output channels is accumulated over both columns at once with SXTB16/SXTAB16 and SMLAD, 16 MACs per
 * 25 instructions in the inner loop. A 1x1 stride-1 convolution is the same GEMM with one input pixel per column. The
 * sums are the plain path's (integer addition in another order), and requantization is the same call,
 * so the bytes are the same.
 *
 * In place (the output over the consumed input, see Conv2d's memory rule) both paths are safe: the
 * columns of a pixel pair are copied before any output of that pair is written, and outputs are written
 * in raster order, so an output pixel never lands on input the rest of the run still reads.
 */
#include "tfg_internal.h"

#ifdef TFG_DSP
#define TFG_CONV2D_DSP 1
#endif

int32_t tfg_conv2d_s8_get_buffer_size(const tfg_dims *input_dims, const tfg_dims *filter_dims)
{
#ifdef TFG_CONV2D_DSP
    return 2 * filter_dims->h * filter_dims->w * input_dims->c;
#else
    (void)input_dims;
    (void)filter_dims;
    return 0;
#endif
}

static int8_t tfg_conv2d_requantize(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                    const int32_t *bias, int32_t oc, int32_t acc)
{
    if (bias != 0) {
        acc += bias[oc];
    }
    acc = tfg_multiply_by_quantized_multiplier_ruy(acc, quant->multiplier[oc], quant->shift[oc]);
    acc += params->output_offset;
    acc = acc < params->act_min ? params->act_min : acc;
    acc = acc > params->act_max ? params->act_max : acc;
    return (int8_t)acc;
}

#ifdef TFG_CONV2D_DSP

/* The window of output pixel (b, oy, ox) as K = k_h * k_w * in_c int8 values, in the filter's order. */
static void tfg_conv2d_column(const tfg_conv_params *params, const tfg_dims *input_dims, const int8_t *input,
                              const tfg_dims *filter_dims, int32_t b, int32_t oy, int32_t ox, int8_t *column)
{
    const int32_t in_c = input_dims->c;
    const int8_t pad = (int8_t)(-params->input_offset);
    int32_t ky, kx;
    for (ky = 0; ky < filter_dims->h; ++ky) {
        const int32_t iy = oy * params->stride_h - params->pad_top + ky * params->dilation_h;
        for (kx = 0; kx < filter_dims->w; ++kx) {
            const int32_t ix = ox * params->stride_w - params->pad_left + kx * params->dilation_w;
            if (iy < 0 || iy >= input_dims->h || ix < 0 || ix >= input_dims->w) {
                memset(column, pad, (size_t)in_c);
            } else {
                memcpy(column, input + ((b * input_dims->h + iy) * input_dims->w + ix) * in_c, (size_t)in_c);
            }
            column += in_c;
        }
    }
}

/*
 * Sums of two filter rows over two columns: acc[0] = w0.c0, acc[1] = w1.c0, acc[2] = w0.c1, acc[3] = w1.c1,
 * where the second row and column are k bytes after the first. Not inlined: alone, the loop keeps its
 * pointers and sums in registers (25 instructions per 16 MACs on the M7 with GCC 12 -O2).
 */
__attribute__((noinline)) static void tfg_conv2d_dot_2x2(const int8_t *w, const int8_t *c, int32_t k,
                                                         int32_t input_offset, int32_t *acc)
{
    const int32_t offset2 = tfg_offset2(input_offset);
    const int8_t *end = w + (k & ~3);
    int32_t a00 = 0, a10 = 0, a01 = 0, a11 = 0;
    int32_t i;
    while (w != end) {
        const uint32_t x0 = tfg_load4(c);
        const uint32_t x1 = tfg_load4(c + k);
        const uint32_t wa = tfg_load4(w);
        const uint32_t wb = tfg_load4(w + k);
        /* (v0, v2) and (v1, v3) as 16-bit pairs, the input with its offset added */
        const int32_t x0e = __sxtab16(offset2, (int32_t)x0);
        const int32_t x0o = tfg_sxtab16_ror8(offset2, x0);
        const int32_t x1e = __sxtab16(offset2, (int32_t)x1);
        const int32_t x1o = tfg_sxtab16_ror8(offset2, x1);
        const int32_t wae = __sxtb16((int32_t)wa);
        const int32_t wao = tfg_sxtb16_ror8(wa);
        const int32_t wbe = __sxtb16((int32_t)wb);
        const int32_t wbo = tfg_sxtb16_ror8(wb);
        a00 = __smlad(wae, x0e, a00);
        a00 = __smlad(wao, x0o, a00);
        a10 = __smlad(wbe, x0e, a10);
        a10 = __smlad(wbo, x0o, a10);
        a01 = __smlad(wae, x1e, a01);
        a01 = __smlad(wao, x1o, a01);
        a11 = __smlad(wbe, x1e, a11);
        a11 = __smlad(wbo, x1o, a11);
        w += 4;
        c += 4;
    }
    for (i = 0; i < (k & 3); ++i) {
        const int32_t v0 = (int32_t)c[i] + input_offset;
        const int32_t v1 = (int32_t)c[k + i] + input_offset;
        a00 += (int32_t)w[i] * v0;
        a10 += (int32_t)w[k + i] * v0;
        a01 += (int32_t)w[i] * v1;
        a11 += (int32_t)w[k + i] * v1;
    }
    acc[0] = a00;
    acc[1] = a10;
    acc[2] = a01;
    acc[3] = a11;
}

/* One filter row over one column. */
static int32_t tfg_conv2d_dot_1x1(const int8_t *w, const int8_t *c, int32_t k, int32_t input_offset)
{
    const int32_t offset2 = tfg_offset2(input_offset);
    int32_t acc = 0;
    int32_t i = 0;
    for (; i + 4 <= k; i += 4) {
        const uint32_t x = tfg_load4(c + i);
        const uint32_t wv = tfg_load4(w + i);
        acc = __smlad(__sxtb16((int32_t)wv), __sxtab16(offset2, (int32_t)x), acc);
        acc = __smlad(tfg_sxtb16_ror8(wv), tfg_sxtab16_ror8(offset2, x), acc);
    }
    for (; i < k; ++i) {
        acc += (int32_t)w[i] * ((int32_t)c[i] + input_offset);
    }
    return acc;
}

/* The im2col GEMM: output pixels two at a time, output channels two at a time. */
static void tfg_conv2d_s8_dsp(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                              const tfg_dims *input_dims, const int8_t *input, const tfg_dims *filter_dims,
                              const int8_t *filter, const int32_t *bias, const tfg_dims *output_dims,
                              int8_t *output, int8_t *scratch)
{
    const int32_t k = filter_dims->h * filter_dims->w * input_dims->c;
    const int32_t out_c = output_dims->c;
    const int32_t per_image = output_dims->h * output_dims->w;
    const int32_t pixels = output_dims->n * per_image;
    int8_t *col0 = scratch;
    int8_t *col1 = scratch + k;
    int32_t p, oc;
    int32_t acc[4];
    for (p = 0; p < pixels; p += 2) {
        const int32_t two = p + 1 < pixels;
        int8_t *out0 = output + p * out_c;
        int8_t *out1 = out0 + out_c;
        tfg_conv2d_column(params, input_dims, input, filter_dims, p / per_image, (p % per_image) / output_dims->w,
                          p % output_dims->w, col0);
        if (two) {
            tfg_conv2d_column(params, input_dims, input, filter_dims, (p + 1) / per_image,
                              ((p + 1) % per_image) / output_dims->w, (p + 1) % output_dims->w, col1);
            for (oc = 0; oc + 2 <= out_c; oc += 2) {
                const int8_t *w0 = filter + oc * k;
                tfg_conv2d_dot_2x2(w0, col0, k, params->input_offset, acc); /* col1 is col0 + k */
                out0[oc] = tfg_conv2d_requantize(params, quant, bias, oc, acc[0]);
                out0[oc + 1] = tfg_conv2d_requantize(params, quant, bias, oc + 1, acc[1]);
                out1[oc] = tfg_conv2d_requantize(params, quant, bias, oc, acc[2]);
                out1[oc + 1] = tfg_conv2d_requantize(params, quant, bias, oc + 1, acc[3]);
            }
            if (oc < out_c) {
                const int8_t *w0 = filter + oc * k;
                out0[oc] = tfg_conv2d_requantize(params, quant, bias, oc,
                                                 tfg_conv2d_dot_1x1(w0, col0, k, params->input_offset));
                out1[oc] = tfg_conv2d_requantize(params, quant, bias, oc,
                                                 tfg_conv2d_dot_1x1(w0, col1, k, params->input_offset));
            }
        } else {
            for (oc = 0; oc < out_c; ++oc) {
                out0[oc] = tfg_conv2d_requantize(params, quant, bias, oc,
                                                 tfg_conv2d_dot_1x1(filter + oc * k, col0, k, params->input_offset));
            }
        }
    }
}

#endif /* TFG_CONV2D_DSP */

void tfg_conv2d_s8(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                   const tfg_dims *input_dims, const int8_t *input,
                   const tfg_dims *filter_dims, const int8_t *filter, const int32_t *bias,
                   const tfg_dims *output_dims, int8_t *output, int8_t *scratch)
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

#ifdef TFG_CONV2D_DSP
    if (scratch != 0 && group_c == in_c) {
        tfg_conv2d_s8_dsp(params, quant, input_dims, input, filter_dims, filter, bias, output_dims, output, scratch);
        return;
    }
#else
    (void)scratch;
#endif
    for (b = 0; b < output_dims->n; ++b) {
        for (oy = 0; oy < output_dims->h; ++oy) {
            for (ox = 0; ox < output_dims->w; ++ox) {
                int8_t *out = output + ((b * output_dims->h + oy) * output_dims->w + ox) * out_c;
                for (oc = 0; oc < out_c; ++oc) {
                    const int32_t first_in = (oc / out_per_group) * group_c;
                    int32_t acc = 0;
                    for (ky = 0; ky < k_h; ++ky) {
                        const int32_t iy = oy * params->stride_h - params->pad_top + ky * params->dilation_h;
                        if (iy < 0 || iy >= in_h) {
                            continue;
                        }
                        for (kx = 0; kx < k_w; ++kx) {
                            const int32_t ix = ox * params->stride_w - params->pad_left + kx * params->dilation_w;
                            const int8_t *x;
                            const int8_t *w;
                            if (ix < 0 || ix >= in_w) {
                                continue;
                            }
                            x = input + ((b * in_h + iy) * in_w + ix) * in_c + first_in;
                            w = filter + ((oc * k_h + ky) * k_w + kx) * group_c;
                            for (ic = 0; ic < group_c; ++ic) {
                                acc += (int32_t)w[ic] * ((int32_t)x[ic] + params->input_offset);
                            }
                        }
                    }
                    out[oc] = tfg_conv2d_requantize(params, quant, bias, oc, acc);
                }
            }
        }
    }
}
