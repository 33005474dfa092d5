/*
 * CONV_2D int8 with per-channel requantization: TFLite's accumulation, ruy's rounding.
 *
 * Two paths, chosen here as CMSIS-NN's wrappers choose theirs. The plain C loop runs on every core.
 * On a core with the DSP extension (Cortex-M4, M7, M33, M55: __ARM_FEATURE_DSP) and a word-aligned scratch
 * buffer (tfg_conv2d_s8_get_buffer_size bytes; the planner reserves it for such targets), an im2col GEMM:
 * the K = k_h * k_w * in_c inputs of two output pixels are widened to 16 bits with the input offset added,
 * once per pixel, into two interleaved columns in the scratch (padding is the input zero point, so it adds
 * exactly 0, as TFLite's padding does; a 1x1 filter reads the input pixels directly, a larger one copies
 * its window into an int8 column first). Then each pair of output channels is accumulated over both
 * columns at once: 4 sums starting at the bias, 16 MACs per 18 instructions (two LDRD, two weight words
 * widened by SXTB16, 8 SMLAD, written as inline assembly because GCC 12 spills the C form). The sums are
 * the plain path's (integer addition in another order). Requantization is ruy's arithmetic either way:
 * when every channel's shift is <= -1 and no sum can reach 2^30, SMMULR of twice the sum and two
 * shifts give the same value in a few instructions (tfg_conv2d_requantize_fast), clamped by SSAT when
 * the activation range is all of int8; otherwise the plain path's call. So the bytes are the same.
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
    const int32_t k = filter_dims->h * filter_dims->w * input_dims->c;
    return filter_dims->h == 1 && filter_dims->w == 1 ? 4 * k : 5 * k;
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

/*
 * The window of output pixel (b, oy, ox) as K = k_h * k_w * in_c int8 values, in the filter's order. With
 * dilation_w 1 the in-bounds taps of a filter row are adjacent in the input: one copy per row.
 */
static void tfg_conv2d_column(const tfg_conv_params *params, const tfg_dims *input_dims, const int8_t *input,
                              const tfg_dims *filter_dims, int32_t b, int32_t oy, int32_t ox, int8_t *column)
{
    const int32_t in_c = input_dims->c;
    const int32_t k_w = filter_dims->w;
    const int8_t pad = (int8_t)(-params->input_offset);
    const int32_t ix0 = ox * params->stride_w - params->pad_left;
    int32_t ky, kx;
    for (ky = 0; ky < filter_dims->h; ++ky) {
        const int32_t iy = oy * params->stride_h - params->pad_top + ky * params->dilation_h;
        if (iy < 0 || iy >= input_dims->h) {
            memset(column, pad, (size_t)(k_w * in_c));
        } else if (params->dilation_w == 1) {
            /* taps [0, first) and [last, k_w) fall in the padding */
            const int8_t *row = input + (b * input_dims->h + iy) * input_dims->w * in_c;
            const int32_t first = ix0 >= 0 ? 0 : (-ix0 < k_w ? -ix0 : k_w);
            const int32_t end = input_dims->w - ix0;
            const int32_t last = end >= k_w ? k_w : (end > first ? end : first);
            if (first > 0) {
                memset(column, pad, (size_t)(first * in_c));
            }
            if (last > first) {
                memcpy(column + first * in_c, row + (ix0 + first) * in_c, (size_t)((last - first) * in_c));
            }
            if (last < k_w) {
                memset(column + last * in_c, pad, (size_t)((k_w - last) * in_c));
            }
        } else {
            const int8_t *row = input + (b * input_dims->h + iy) * input_dims->w * in_c;
            for (kx = 0; kx < k_w; ++kx) {
                const int32_t ix = ix0 + kx * params->dilation_w;
                if (ix < 0 || ix >= input_dims->w) {
                    memset(column + kx * in_c, pad, (size_t)in_c);
                } else {
                    memcpy(column + kx * in_c, row + ix * in_c, (size_t)in_c);
                }
            }
        }
        column += k_w * in_c;
    }
}

/*
 * One column of K int8 values (x, or all zero point when x is NULL: padding) widened to 16 bits with the
 * input offset added, into the interleaved pair layout the GEMM reads with one LDM per 4 depths: word
 * 4g + 2j holds column j's depths (4g, 4g + 2), word 4g + 2j + 1 its depths (4g + 1, 4g + 3), as
 * SXTAB16 and its rotated form produce them. The K % 4 last depths follow as int16, column 0's then 1's.
 */
static void tfg_conv2d_widen(const int8_t *x, int32_t k, int32_t input_offset, int32_t j, int32_t *cols)
{
    const int32_t offset2 = tfg_offset2(input_offset);
    const int32_t groups = k >> 2;
    const int32_t rest = k & 3;
    int16_t *tail = (int16_t *)(cols + 4 * groups) + j * rest;
    int32_t *dst = cols + 2 * j;
    int32_t g, i;
    if (x == 0) {
        for (g = 0; g < groups; ++g) {
            dst[4 * g] = 0;
            dst[4 * g + 1] = 0;
        }
        for (i = 0; i < rest; ++i) {
            tail[i] = 0;
        }
        return;
    }
    for (g = 0; g < groups; ++g) {
        const uint32_t v = tfg_load4(x + 4 * g);
        dst[4 * g] = __sxtab16(offset2, (int32_t)v);
        dst[4 * g + 1] = tfg_sxtab16_ror8(offset2, v);
    }
    for (i = 0; i < rest; ++i) {
        tail[i] = (int16_t)(x[4 * groups + i] + input_offset);
    }
}

/* Both columns of a pixel pair at once, neither in the padding: tfg_conv2d_widen's layout, one pass. */
static void tfg_conv2d_widen_both(const int8_t *x0, const int8_t *x1, int32_t k, int32_t input_offset, int32_t *cols)
{
    const int32_t offset2 = tfg_offset2(input_offset);
    const int32_t groups = k >> 2;
    const int32_t rest = k & 3;
    int16_t *tail = (int16_t *)(cols + 4 * groups);
    int32_t g, i;
    for (g = 0; g < groups; ++g) {
        const uint32_t v0 = tfg_load4(x0 + 4 * g);
        const uint32_t v1 = tfg_load4(x1 + 4 * g);
        cols[4 * g] = __sxtab16(offset2, (int32_t)v0);
        cols[4 * g + 1] = tfg_sxtab16_ror8(offset2, v0);
        cols[4 * g + 2] = __sxtab16(offset2, (int32_t)v1);
        cols[4 * g + 3] = tfg_sxtab16_ror8(offset2, v1);
    }
    for (i = 0; i < rest; ++i) {
        tail[i] = (int16_t)(x0[4 * groups + i] + input_offset);
        tail[rest + i] = (int16_t)(x1[4 * groups + i] + input_offset);
    }
}

/* How a call requantizes its sums (tfg_conv2d_requantize_mode picks one for the whole call). */
enum {
    TFG_CONV2D_EXACT = 0,    /* tfg_multiply_by_quantized_multiplier_ruy: any shift, any sum */
    TFG_CONV2D_FAST = 1,     /* SMMULR, for shift <= -1 and |sum| < 2^30 */
    TFG_CONV2D_FAST_SSAT = 2 /* the same, and the clamp is int8's whole range: one SSAT */
};

/*
 * The ruy requantization of tfg_multiply_by_quantized_multiplier_ruy for shift <= -1 and |acc| < 2^30,
 * plus the output offset, in five instructions: SMMULR of 2 * acc is (acc * M + 2^30) >> 31 exactly
 * (2 * acc does not overflow), and the rounding right shift by r = -shift is ((t >> (r - 1)) + 1) >> 1,
 * with the output offset folded into that + 1 (round_offset = 1 + 2 * offset). Not clamped.
 */
static inline int32_t tfg_conv2d_requantize_fast(int32_t acc, int32_t multiplier, int32_t right_minus_1,
                                                 int32_t round_offset)
{
    const int32_t t = tfg_smmulr((int32_t)((uint32_t)acc << 1), multiplier);
    return ((t >> right_minus_1) + round_offset) >> 1;
}

/* The activation clamp: one SSAT when it is int8's whole range. */
static inline int8_t tfg_conv2d_clamp(int32_t v, int32_t act_min, int32_t act_max, int mode)
{
    if (mode == TFG_CONV2D_FAST_SSAT) {
        return (int8_t)__ssat(v, 8);
    }
    v = v < act_min ? act_min : v;
    v = v > act_max ? act_max : v;
    return (int8_t)v;
}

/*
 * The requantization every output channel of a call allows: the fast one needs shift <= -1, a bias, and
 * the sum, bias included, below 2^30 in magnitude for any input (each of the K products is at most
 * 128 * 255 in magnitude).
 */
static int tfg_conv2d_requantize_mode(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                      const int32_t *bias, int32_t out_c, int32_t k)
{
    const int64_t products = (int64_t)k * 128 * 255;
    int32_t oc;
    if (bias == 0) {
        return TFG_CONV2D_EXACT;
    }
    for (oc = 0; oc < out_c; ++oc) {
        const int64_t b = bias[oc];
        if (quant->shift[oc] > -1 || (b < 0 ? -b : b) + products >= ((int64_t)1 << 30)) {
            return TFG_CONV2D_EXACT;
        }
    }
    return params->act_min == -128 && params->act_max == 127 ? TFG_CONV2D_FAST_SSAT : TFG_CONV2D_FAST;
}

/* What the GEMM of one call shares: the filter, the columns of the current pixel pair, requantization. */
typedef struct {
    const int8_t *filter;
    const int32_t *bias;
    const int32_t *multiplier;
    const int32_t *shift;
    const int32_t *cols;  /* tfg_conv2d_widen's layout */
    const int32_t *end;   /* cols + 4 * (k / 4): where the 4-depth groups end and the int16 tail begins */
    int32_t k;
    int32_t rest;         /* k % 4 */
    int32_t out_c;
    int32_t round_offset; /* 1 + 2 * output offset, for tfg_conv2d_requantize_fast */
    int32_t act_min;
    int32_t act_max;
    const tfg_conv_params *params;
    const tfg_per_channel_quant *quant;
} tfg_conv2d_gemm;

/*
 * One block of a pixel pair: output channels oc and oc1 (filter rows row and row + step) at both pixels
 * (out0, out1), 4 sums starting at the bias, each 4 depths two LDRD of both columns, two weight words
 * widened by SXTB16 and its rotated form, and 8 SMLAD. A missing second channel is oc1 == oc with step 0,
 * a missing second pixel out1 == out0: the duplicate sums are stored first (pixel 1 before 0, channel oc1
 * before oc), so the real ones overwrite them and the edges need no branch. mode is a constant at each call.
 */
static inline __attribute__((always_inline)) void tfg_conv2d_block(const tfg_conv2d_gemm *g, const int8_t *row,
                                                                   int32_t step, int32_t oc, int32_t oc1,
                                                                   int8_t *out0, int8_t *out1, int mode)
{
    const int32_t rest = g->rest;
    const int32_t *bias = g->bias;
    const int32_t *multiplier = g->multiplier;
    const int32_t *shift = g->shift;
    const int32_t round_offset = g->round_offset;
    const int32_t act_min = g->act_min;
    const int32_t act_max = g->act_max;
    const int32_t *cols = g->cols;
    const int32_t *end = g->end;
    int32_t i;
    const int8_t *w = row;
    const int32_t *c = cols;
    /* the fast modes have a bias (tfg_conv2d_requantize_mode) */
    int32_t a00 = mode != TFG_CONV2D_EXACT || bias != 0 ? bias[oc] : 0;
    int32_t a10 = mode != TFG_CONV2D_EXACT || bias != 0 ? bias[oc1] : 0;
    int32_t a01 = a00;
    int32_t a11 = a10;
    if (c != end) {
        int32_t x0e, x0o, x1e, x1o, wv, t;
        /* GCC 12 spills the C form of this loop (26 to 28 instructions); written out it is 18 */
        __asm__("1:\n\t"
                "ldrd %[x0e], %[x0o], [%[c]], #8\n\t"
                "ldrd %[x1e], %[x1o], [%[c]], #8\n\t"
                "ldr %[wv], [%[w], %[step]]\n\t"
                "sxtb16 %[t], %[wv]\n\t"
                "sxtb16 %[wv], %[wv], ror #8\n\t"
                "smlad %[a10], %[t], %[x0e], %[a10]\n\t"
                "smlad %[a11], %[t], %[x1e], %[a11]\n\t"
                "smlad %[a10], %[wv], %[x0o], %[a10]\n\t"
                "smlad %[a11], %[wv], %[x1o], %[a11]\n\t"
                "ldr %[wv], [%[w]], #4\n\t"
                "sxtb16 %[t], %[wv]\n\t"
                "sxtb16 %[wv], %[wv], ror #8\n\t"
                "smlad %[a00], %[t], %[x0e], %[a00]\n\t"
                "smlad %[a01], %[t], %[x1e], %[a01]\n\t"
                "smlad %[a00], %[wv], %[x0o], %[a00]\n\t"
                "smlad %[a01], %[wv], %[x1o], %[a01]\n\t"
                "cmp %[c], %[end]\n\t"
                "bne 1b"
                : [a00] "+r"(a00), [a01] "+r"(a01), [a10] "+r"(a10), [a11] "+r"(a11), [c] "+r"(c),
                  [w] "+r"(w), [x0e] "=&r"(x0e), [x0o] "=&r"(x0o), [x1e] "=&r"(x1e), [x1o] "=&r"(x1o),
                  [wv] "=&r"(wv), [t] "=&r"(t)
                : [step] "r"(step), [end] "r"(end)
                : "cc", "memory");
    }
    if (rest != 0) {
        const int16_t *tail = (const int16_t *)end;
        for (i = 0; i < rest; ++i) {
            const int32_t v0 = tail[i];
            const int32_t v1 = tail[rest + i];
            a00 += (int32_t)w[i] * v0;
            a01 += (int32_t)w[i] * v1;
            a10 += (int32_t)w[step + i] * v0;
            a11 += (int32_t)w[step + i] * v1;
        }
    }
    if (mode == TFG_CONV2D_EXACT) {
        out1[oc1] = tfg_conv2d_requantize(g->params, g->quant, 0, oc1, a11);
        out0[oc1] = tfg_conv2d_requantize(g->params, g->quant, 0, oc1, a10);
        out1[oc] = tfg_conv2d_requantize(g->params, g->quant, 0, oc, a01);
        out0[oc] = tfg_conv2d_requantize(g->params, g->quant, 0, oc, a00);
    } else {
        const int32_t m0 = multiplier[oc];
        const int32_t r0 = -shift[oc] - 1;
        const int32_t m1 = multiplier[oc1];
        const int32_t r1 = -shift[oc1] - 1;
        out1[oc1] = tfg_conv2d_clamp(tfg_conv2d_requantize_fast(a11, m1, r1, round_offset), act_min, act_max, mode);
        out0[oc1] = tfg_conv2d_clamp(tfg_conv2d_requantize_fast(a10, m1, r1, round_offset), act_min, act_max, mode);
        out1[oc] = tfg_conv2d_clamp(tfg_conv2d_requantize_fast(a01, m0, r0, round_offset), act_min, act_max, mode);
        out0[oc] = tfg_conv2d_clamp(tfg_conv2d_requantize_fast(a00, m0, r0, round_offset), act_min, act_max, mode);
    }
}

/*
 * One pixel pair's outputs (out0, and out1 == out0 when the pair has one pixel): the channel pairs, then
 * an odd last channel. g is copied so its fields stay in registers or the stack across the stores.
 */
static inline __attribute__((always_inline)) void tfg_conv2d_pair(const tfg_conv2d_gemm *gp, int8_t *out0,
                                                                  int8_t *out1, int mode)
{
    const tfg_conv2d_gemm g = *gp;
    const int32_t k = g.k;
    const int8_t *row = g.filter;
    int32_t oc;
    for (oc = 0; oc + 2 <= g.out_c; oc += 2, row += 2 * k) {
        tfg_conv2d_block(&g, row, k, oc, oc + 1, out0, out1, mode);
    }
    if (oc < g.out_c) {
        tfg_conv2d_block(&g, row, 0, oc, oc, out0, out1, mode);
    }
}

/* The three instances of tfg_conv2d_pair, apart so each keeps its loop in registers. */
__attribute__((noinline)) static void tfg_conv2d_pair_exact(const tfg_conv2d_gemm *g, int8_t *out0, int8_t *out1)
{
    tfg_conv2d_pair(g, out0, out1, TFG_CONV2D_EXACT);
}

__attribute__((noinline)) static void tfg_conv2d_pair_fast(const tfg_conv2d_gemm *g, int8_t *out0, int8_t *out1)
{
    tfg_conv2d_pair(g, out0, out1, TFG_CONV2D_FAST);
}

__attribute__((noinline)) static void tfg_conv2d_pair_ssat(const tfg_conv2d_gemm *g, int8_t *out0, int8_t *out1)
{
    tfg_conv2d_pair(g, out0, out1, TFG_CONV2D_FAST_SSAT);
}

/* Output pixel p's input pixel for a 1x1 filter, or NULL where it falls in the padding. */
static const int8_t *tfg_conv2d_pixel(const tfg_conv_params *params, const tfg_dims *input_dims,
                                      const int8_t *input, const tfg_dims *output_dims, int32_t p)
{
    const int32_t per_image = output_dims->h * output_dims->w;
    const int32_t b = p / per_image;
    const int32_t oy = (p - b * per_image) / output_dims->w;
    const int32_t ox = p - b * per_image - oy * output_dims->w;
    const int32_t iy = oy * params->stride_h - params->pad_top;
    const int32_t ix = ox * params->stride_w - params->pad_left;
    if (iy < 0 || iy >= input_dims->h || ix < 0 || ix >= input_dims->w) {
        return 0;
    }
    return input + ((b * input_dims->h + iy) * input_dims->w + ix) * input_dims->c;
}

/*
 * The im2col GEMM: output pixels two at a time. A 1x1 filter widens the input pixels straight into the
 * 16-bit columns; a larger one copies each window into an int8 column first (after the 16-bit columns
 * in the scratch), then widens that.
 */
static void tfg_conv2d_s8_dsp(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                              const tfg_dims *input_dims, const int8_t *input, const tfg_dims *filter_dims,
                              const int8_t *filter, const int32_t *bias, const tfg_dims *output_dims,
                              int8_t *output, int8_t *scratch)
{
    const int32_t k = filter_dims->h * filter_dims->w * input_dims->c;
    const int32_t pointwise = filter_dims->h == 1 && filter_dims->w == 1;
    const int32_t contiguous = pointwise && params->stride_h == 1 && params->stride_w == 1 && params->pad_top == 0 &&
                               params->pad_left == 0 && input_dims->h == output_dims->h &&
                               input_dims->w == output_dims->w && input_dims->n == output_dims->n;
    const int32_t out_c = output_dims->c;
    const int32_t per_image = output_dims->h * output_dims->w;
    const int32_t pixels = output_dims->n * per_image;
    const int mode = tfg_conv2d_requantize_mode(params, quant, bias, out_c, k);
    int32_t *cols = (int32_t *)(void *)scratch;
    int8_t *window = scratch + 4 * k;
    tfg_conv2d_gemm g;
    int32_t p, j;
    g.filter = filter;
    g.bias = bias;
    g.multiplier = quant->multiplier;
    g.shift = quant->shift;
    g.cols = cols;
    g.end = cols + 4 * (k >> 2);
    g.k = k;
    g.rest = k & 3;
    g.out_c = out_c;
    g.round_offset = 1 + 2 * params->output_offset;
    g.act_min = params->act_min;
    g.act_max = params->act_max;
    g.params = params;
    g.quant = quant;
    for (p = 0; p < pixels; p += 2) {
        const int32_t two_px = p + 1 < pixels;
        int8_t *out0 = output + p * out_c;
        int8_t *out1 = two_px ? out0 + out_c : out0;
        if (contiguous && two_px) {
            /* a 1x1 stride-1 convolution without padding: output pixel p reads input pixel p */
            tfg_conv2d_widen_both(input + p * k, input + (p + 1) * k, k, params->input_offset, cols);
        } else {
            for (j = 0; j < 2; ++j) {
                const int32_t q = p + j;
                const int8_t *x = 0;
                if (j == 0 || two_px) {
                    if (pointwise) {
                        x = tfg_conv2d_pixel(params, input_dims, input, output_dims, q);
                    } else {
                        tfg_conv2d_column(params, input_dims, input, filter_dims, q / per_image,
                                          (q % per_image) / output_dims->w, q % output_dims->w, window);
                        x = window;
                    }
                }
                tfg_conv2d_widen(x, k, params->input_offset, j, cols);
            }
        }
        if (mode == TFG_CONV2D_FAST_SSAT) {
            tfg_conv2d_pair_ssat(&g, out0, out1);
        } else if (mode == TFG_CONV2D_FAST) {
            tfg_conv2d_pair_fast(&g, out0, out1);
        } else {
            tfg_conv2d_pair_exact(&g, out0, out1);
        }
    }
}

#endif /* TFG_CONV2D_DSP */

#ifdef TFG_V6M

/*
 * Whether every channel's multiplier and shift suit tfg_ruy_output_v6m, the ARMv6-M path's requantization
 * (multiplier >= 0 and a right shift of at least 2, an effective scale below 1/4: TFLite's usual case; the others
 * take the plain loop).
 */
static int tfg_conv2d_v6m_applies(const tfg_per_channel_quant *quant, int32_t out_c)
{
    int32_t oc;
    for (oc = 0; oc < out_c; ++oc) {
        if (!tfg_ruy_fits(quant->multiplier[oc], quant->shift[oc]) || quant->shift[oc] > -2) {
            return 0;
        }
    }
    return 1;
}

/* The in-bounds taps of output pixel (oy, ox) for four filter rows w[0..3] (tfg_dot4_v6m over each tap's depths). */
static void tfg_conv2d_taps_v6m(const tfg_conv_params *params, const tfg_dims *input_dims, const int8_t *image,
                                const tfg_dims *filter_dims, int32_t oy, int32_t ox, const int8_t *const *w,
                                int32_t *acc)
{
    const int32_t in_h = input_dims->h;
    const int32_t in_w = input_dims->w;
    const int32_t in_c = input_dims->c;
    const int32_t k_w = filter_dims->w;
    int32_t ky, kx;
    for (ky = 0; ky < filter_dims->h; ++ky) {
        const int32_t iy = oy * params->stride_h - params->pad_top + ky * params->dilation_h;
        if (iy < 0 || iy >= in_h) {
            continue;
        }
        for (kx = 0; kx < k_w; ++kx) {
            const int32_t ix = ox * params->stride_w - params->pad_left + kx * params->dilation_w;
            const int32_t tap = (ky * k_w + kx) * in_c;
            if (ix < 0 || ix >= in_w) {
                continue;
            }
            tfg_dot4_v6m(image + (iy * in_w + ix) * in_c, w[0] + tap, w[1] + tap, w[2] + tap, w[3] + tap, in_c,
                         params->input_offset, acc);
        }
    }
}

/* The largest filter (Kh x Kw x Cin) whose window the ARMv6-M path copies to the stack to run it as a 1x1. */
#define TFG_CONV2D_V6M_WINDOW 128

/*
 * The window of output pixel (oy, ox) as Kh x Kw x Cin int8 values in the filter's order, taps in the padding
 * holding the input zero point (which adds exactly 0 once the offset is added, as TFLite's padding does).
 */
static void tfg_conv2d_window_v6m(const tfg_conv_params *params, const tfg_dims *input_dims, const int8_t *image,
                                  const tfg_dims *filter_dims, int32_t oy, int32_t ox, int8_t *window)
{
    const int32_t in_c = input_dims->c;
    const int8_t pad = (int8_t)(-params->input_offset);
    int32_t ky, kx, c;
    for (ky = 0; ky < filter_dims->h; ++ky) {
        const int32_t iy = oy * params->stride_h - params->pad_top + ky * params->dilation_h;
        for (kx = 0; kx < filter_dims->w; ++kx) {
            const int32_t ix = ox * params->stride_w - params->pad_left + kx * params->dilation_w;
            if (iy < 0 || iy >= input_dims->h || ix < 0 || ix >= input_dims->w) {
                for (c = 0; c < in_c; ++c) {
                    window[c] = pad;
                }
            } else {
                const int8_t *src = image + (iy * input_dims->w + ix) * in_c;
                for (c = 0; c < in_c; ++c) {
                    window[c] = src[c];
                }
            }
            window += in_c;
        }
    }
}

/*
 * The output channels [0, out_c & ~3) of one pixel of a 1x1 convolution whose input pixel is x: four at a time,
 * consecutive filter rows, everything the loop needs in locals (an int8 store may alias the parameter structs,
 * so GCC would reload them after every output). Returns the first channel not written.
 */
__attribute__((noinline)) static int32_t tfg_conv2d_pointwise_v6m(const int8_t *x, int32_t in_c, const int8_t *filter, const int32_t *bias,
                                        const tfg_per_channel_quant *quant, int32_t out_c, int32_t offset,
                                        int32_t output_offset, int32_t act_min, int32_t act_max, int8_t *out)
{
    const int32_t *multiplier = quant->multiplier;
    const int32_t *shift = quant->shift;
    const int32_t full = out_c & ~3;
    const int8_t *w = filter;
    int32_t oc;
    for (oc = 0; oc < full; oc += 4) {
        int32_t acc[4] = {0, 0, 0, 0};
        if (bias != 0) {
            acc[0] = bias[oc];
            acc[1] = bias[oc + 1];
            acc[2] = bias[oc + 2];
            acc[3] = bias[oc + 3];
        }
        tfg_dot4_v6m(x, w, w + in_c, w + 2 * in_c, w + 3 * in_c, in_c, offset, acc);
        w += 4 * in_c;
        out[oc] = tfg_ruy_output_v6m(acc[0], multiplier[oc], shift[oc], output_offset, act_min, act_max);
        out[oc + 1] = tfg_ruy_output_v6m(acc[1], multiplier[oc + 1], shift[oc + 1], output_offset, act_min, act_max);
        out[oc + 2] = tfg_ruy_output_v6m(acc[2], multiplier[oc + 2], shift[oc + 2], output_offset, act_min, act_max);
        out[oc + 3] = tfg_ruy_output_v6m(acc[3], multiplier[oc + 3], shift[oc + 3], output_offset, act_min, act_max);
    }
    return oc;
}

/*
 * The ARMv6-M path (Cortex-M0/M0+: no DSP, MULS only): per output pixel, four output channels at a time, each
 * in-bounds tap a tfg_dot4_v6m over the input depths (one load of an input byte serves four channels; no bounds
 * check inside the depth loop). A 1x1 filter reaching no padding reads the input pixel directly, and a filter of
 * at most TFG_CONV2D_V6M_WINDOW values (a first layer's 3x3x3) has its window copied to the stack first: both run
 * as one pass over K values. The sums start at the bias, then tfg_ruy_output_v6m, the ruy rounding from four
 * 16-bit products instead of a library 64-bit multiply. When out_c is not a multiple of 4 the last block overlaps
 * the one before (or repeats the last channel when out_c < 4): its duplicates compute the same bytes again. Pixel
 * by pixel, reading only the window of the pixel being written, as the plain loop does, so the plain path's
 * in-place rule holds. Same sums, same rounding: the same bytes.
 */
static void tfg_conv2d_s8_v6m(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                              const tfg_dims *input_dims, const int8_t *input, const tfg_dims *filter_dims,
                              const int8_t *filter, const int32_t *bias, const tfg_dims *output_dims,
                              int8_t *output)
{
    const int32_t in_h = input_dims->h;
    const int32_t in_w = input_dims->w;
    const int32_t in_c = input_dims->c;
    const int32_t k_h = filter_dims->h;
    const int32_t k_w = filter_dims->w;
    const int32_t out_c = output_dims->c;
    const int32_t row = k_h * k_w * in_c; /* one output channel's filter */
    const int32_t last_block = out_c >= 4 ? out_c - 4 : 0;
    const int32_t offset = params->input_offset;
    const int32_t output_offset = params->output_offset;
    const int32_t act_min = params->act_min;
    const int32_t act_max = params->act_max;
    /* a 1x1 filter whose every output pixel reads an input pixel (no padding reached): no tap loop */
    const int pointwise = k_h == 1 && k_w == 1 && params->pad_top == 0 && params->pad_left == 0
                          && (output_dims->h - 1) * params->stride_h < in_h
                          && (output_dims->w - 1) * params->stride_w < in_w;
    int8_t window[TFG_CONV2D_V6M_WINDOW];
    int32_t b, oy, ox, oc, j;
    int8_t *out = output;
    for (b = 0; b < output_dims->n; ++b) {
        const int8_t *image = input + b * in_h * in_w * in_c;
        for (oy = 0; oy < output_dims->h; ++oy) {
            for (ox = 0; ox < output_dims->w; ++ox) {
                const int8_t *px = 0; /* the pixel's K inputs in the filter's order, when they are in one place */
                oc = 0;
                if (pointwise) {
                    px = image + (oy * params->stride_h * in_w + ox * params->stride_w) * in_c;
                } else if (row <= TFG_CONV2D_V6M_WINDOW) {
                    tfg_conv2d_window_v6m(params, input_dims, image, filter_dims, oy, ox, window);
                    px = window;
                }
                if (px != 0) {
                    oc = tfg_conv2d_pointwise_v6m(px, row, filter, bias, quant, out_c, offset, output_offset, act_min,
                                                  act_max, out);
                }
                for (; oc < out_c; oc += 4) {
                    const int32_t base = oc < last_block ? oc : last_block;
                    int32_t ch[4];
                    int32_t acc[4];
                    const int8_t *w[4];
                    for (j = 0; j < 4; ++j) {
                        ch[j] = base + j < out_c ? base + j : out_c - 1;
                        acc[j] = bias != 0 ? bias[ch[j]] : 0;
                        w[j] = filter + ch[j] * row;
                    }
                    if (px != 0) {
                        tfg_dot4_v6m(px, w[0], w[1], w[2], w[3], row, offset, acc);
                    } else {
                        tfg_conv2d_taps_v6m(params, input_dims, image, filter_dims, oy, ox, w, acc);
                    }
                    for (j = 0; j < 4; ++j) {
                        out[ch[j]] = tfg_ruy_output_v6m(acc[j], quant->multiplier[ch[j]], quant->shift[ch[j]],
                                                        output_offset, act_min, act_max);
                    }
                }
                out += out_c;
            }
        }
    }
}

#endif /* TFG_V6M */

#if defined(TFG_CONV2D_DSP) && defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
/*
 * The Helium (MVE) path of the Cortex-M55, chosen before the DSP one: the same scratch (the DSP path's
 * tfg_conv2d_s8_get_buffer_size, at least 4 * K bytes), another GEMM. Output pixels four at a time: their
 * K int8 inputs are four rows (the input pixels themselves for a 1x1 filter, copied into the scratch only
 * when the output overlaps the input or the pixel is padding; a larger filter's windows always copied, as
 * the DSP path copies them), and each output channel is one pass over K: per 16 depths one weight vector,
 * four input vectors, four VMLADAVA.S8 (16 MACs each) and one VADDVA of the weights. The input offset is
 * not added to the inputs but folded in afterwards, sum w * (x + offset) = sum w * x + offset * sum w,
 * which is exact in 32-bit two's complement (the DSP path's sums modulo 2^32, and TFLite's sum fits int32).
 *
 * Requantization of the four sums of a channel as one vector, ruy's arithmetic exactly: VSHL by the left
 * shift (wrapping, as ruy's shift of the int32), VQRDMULH by the multiplier, which is round((a * M) / 2^31)
 * half up, i.e. ruy's (a * M + 2^30) >> 31, and saturates only when a = M = INT32_MIN (the path is not taken
 * for a multiplier INT32_MIN), then VRSHL by minus the right shift, (t + 2^(r - 1)) >> r computed without
 * overflow, ruy's rounding right shift. Then the output offset, the clamp, and a predicated scatter store of
 * the four bytes. In place the plain path's order holds: every input row of the four pixels is read or
 * copied before their outputs are written, and pixels are taken in raster order.
 */
#define TFG_CONV2D_MVE 1
#include <arm_mve.h>

/* Whether every channel's requantization suits the vector form (multiplier not INT32_MIN, |shift| < 32). */
static int tfg_conv2d_mve_applies(const tfg_per_channel_quant *quant, int32_t out_c)
{
    int32_t oc;
    for (oc = 0; oc < out_c; ++oc) {
        if (quant->multiplier[oc] == INT32_MIN || quant->shift[oc] > 30 || quant->shift[oc] < -31) {
            return 0;
        }
    }
    return 1;
}

/*
 * The vector {a0, a1, a2, a3}, one VMOV per lane (the two-lane VMOV Qd[2], Qd[0], Rt, Rt2 was avoided: QEMU 7.2
 * fills its lanes in the other order than the assembler's reading of the syntax).
 */
static inline int32x4_t tfg_conv2d_mve_lanes(int32_t a0, int32_t a1, int32_t a2, int32_t a3)
{
    int32x4_t v = vuninitializedq_s32();
    v = vsetq_lane_s32(a0, v, 0);
    v = vsetq_lane_s32(a1, v, 1);
    v = vsetq_lane_s32(a2, v, 2);
    return vsetq_lane_s32(a3, v, 3);
}

/* The first n of four output pixels, n in 1..4, rows x[0..3] of k >= 1 int8 inputs (x[j] = x[n - 1] for j >= n). */
__attribute__((noinline)) static void tfg_conv2d_mve_pixels(const tfg_conv_params *params,
                                                          const tfg_per_channel_quant *quant, const int8_t *filter,
                                                          const int32_t *bias, const int8_t *const *x, int32_t k,
                                                          int32_t out_c, int8_t *out, int32_t n)
{
    const int8_t *x0 = x[0];
    const int8_t *x1 = x[1];
    const int8_t *x2 = x[2];
    const int8_t *x3 = x[3];
    const mve_pred16_t lanes = vctp32q((uint32_t)n);
    const uint32x4_t offsets = vmulq_n_u32(vidupq_n_u32(0, 1), (uint32_t)out_c);
    const int32x4_t act_min = vdupq_n_s32(params->act_min);
    const int32x4_t act_max = vdupq_n_s32(params->act_max);
    const uint32_t input_offset = (uint32_t)params->input_offset;
    const int32_t output_offset = params->output_offset;
    const int32_t *multiplier = quant->multiplier;
    const int32_t *shift = quant->shift;
    const int8_t *w = filter;
    int32_t oc;
    for (oc = 0; oc < out_c; ++oc, w += k) {
        const int32_t s = shift[oc];
        int32_t a0 = 0;
        int32_t a1 = 0;
        int32_t a2 = 0;
        int32_t a3 = 0;
        int32_t ws = 0;
        int32x4_t v;
        uint32_t b;
        {
            const int8_t *wp = w;
            const int8_t *p0 = x0;
            const int8_t *p1 = x1;
            const int8_t *p2 = x2;
            const int8_t *p3 = x3;
            int8x16_t wv, u, t;
            /*
             * A tail-predicated loop (DLSTP.8/LETP) over the K depths: the last pass's lanes past K are inactive, so
             * its loads read nothing there and its sums take nothing from them. GCC 12 keeps the row pointers on
             * the stack in the C form (21 instructions per 16 depths, and a separate tail); written out, 11.
             */
            __asm__("dlstp.8 lr, %[k]\n"
                    "1:\n\t"
                    "vldrb.8 %q[wv], [%[wp]], #16\n\t"
                    "vldrb.8 %q[u], [%[p0]], #16\n\t"
                    "vldrb.8 %q[t], [%[p1]], #16\n\t"
                    "vmladava.s8 %[a0], %q[wv], %q[u]\n\t"
                    "vldrb.8 %q[u], [%[p2]], #16\n\t"
                    "vmladava.s8 %[a1], %q[wv], %q[t]\n\t"
                    "vldrb.8 %q[t], [%[p3]], #16\n\t"
                    "vmladava.s8 %[a2], %q[wv], %q[u]\n\t"
                    "vaddva.s8 %[ws], %q[wv]\n\t"
                    "vmladava.s8 %[a3], %q[wv], %q[t]\n\t"
                    "letp lr, 1b"
                    : [a0] "+Te"(a0), [a1] "+Te"(a1), [a2] "+Te"(a2), [a3] "+Te"(a3), [ws] "+Te"(ws), [wp] "+r"(wp),
                      [p0] "+r"(p0), [p1] "+r"(p1), [p2] "+r"(p2), [p3] "+r"(p3), [wv] "=&w"(wv), [u] "=&w"(u),
                      [t] "=&w"(t)
                    : [k] "r"(k)
                    : "lr"); /* reads only the filter and the rows, which nothing in this function writes */
        }
        /* the bias and offset * sum w, in uint32_t: the wrap-around TFLite's sum never needs, without UB */
        b = input_offset * (uint32_t)ws + (uint32_t)(bias != 0 ? bias[oc] : 0);
        v = vaddq_n_s32(tfg_conv2d_mve_lanes(a0, a1, a2, a3), (int32_t)b);
        v = vshlq_r_s32(v, s > 0 ? s : 0);
        v = vqrdmulhq_n_s32(v, multiplier[oc]);
        v = vrshlq_n_s32(v, s > 0 ? 0 : s);
        v = vaddq_n_s32(v, output_offset);
        v = vminq_s32(vmaxq_s32(v, act_min), act_max);
        vstrbq_scatter_offset_p_s32(out + oc, offsets, v, lanes);
    }
}

/*
 * tfg_conv2d_mve_pixels for K <= 16 (a 1x1 filter over few input channels, as the first blocks of MobileNetV2
 * and MCUNet have): the four rows fit one vector each, so they are loaded once (predicated to K bytes) for all
 * output channels, and each channel is one weight load, four VMLADAV.S8 and one VADDV.S8 (the inactive lanes
 * are zero, so they add nothing), without the loop's set-up. The sums and the requantization are those of
 * tfg_conv2d_mve_pixels, so the bytes are too; with K = 8 a channel took 78 instructions there, about half here.
 */
__attribute__((noinline)) static void tfg_conv2d_mve_pixels_short(const tfg_conv_params *params,
                                                                const tfg_per_channel_quant *quant,
                                                                const int8_t *filter, const int32_t *bias,
                                                                const int8_t *const *x, int32_t k, int32_t out_c,
                                                                int8_t *out, int32_t n)
{
    const mve_pred16_t depths = vctp8q((uint32_t)k);
    const int8x16_t u0 = vldrbq_z_s8(x[0], depths);
    const int8x16_t u1 = vldrbq_z_s8(x[1], depths);
    const int8x16_t u2 = vldrbq_z_s8(x[2], depths);
    const int8x16_t u3 = vldrbq_z_s8(x[3], depths);
    const mve_pred16_t lanes = vctp32q((uint32_t)n);
    const uint32x4_t offsets = vmulq_n_u32(vidupq_n_u32(0, 1), (uint32_t)out_c);
    const int32_t act_min = params->act_min;
    const int32_t act_max = params->act_max;
    const uint32_t input_offset = (uint32_t)params->input_offset;
    const int32_t output_offset = params->output_offset;
    const int8_t *w = filter;
    int32_t oc;
    for (oc = 0; oc < out_c; ++oc, w += k) {
        const int32_t s = quant->shift[oc];
        const int8x16_t wv = vldrbq_z_s8(w, depths);
        const int32_t ws = vaddvq_s8(wv);
        /* the bias and offset * sum w, in uint32_t: the wrap-around TFLite's sum never needs, without UB */
        const uint32_t b = input_offset * (uint32_t)ws + (uint32_t)(bias != 0 ? bias[oc] : 0);
        int32x4_t v = tfg_conv2d_mve_lanes(vmladavq_s8(wv, u0), vmladavq_s8(wv, u1), vmladavq_s8(wv, u2),
                                           vmladavq_s8(wv, u3));
        v = vaddq_n_s32(v, (int32_t)b);
        v = vshlq_r_s32(v, s > 0 ? s : 0);
        v = vqrdmulhq_n_s32(v, quant->multiplier[oc]);
        v = vrshlq_n_s32(v, s > 0 ? 0 : s);
        v = vaddq_n_s32(v, output_offset);
        v = vminq_s32(vmaxq_s32(v, vdupq_n_s32(act_min)), vdupq_n_s32(act_max));
        vstrbq_scatter_offset_p_s32(out + oc, offsets, v, lanes);
    }
}

/* The Helium GEMM over every output pixel, four at a time; scratch holds four rows of K bytes. */
static void tfg_conv2d_s8_mve(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                              const tfg_dims *input_dims, const int8_t *input, const tfg_dims *filter_dims,
                              const int8_t *filter, const int32_t *bias, const tfg_dims *output_dims,
                              int8_t *output, int8_t *scratch)
{
    const int32_t k = filter_dims->h * filter_dims->w * input_dims->c;
    const int32_t pointwise = filter_dims->h == 1 && filter_dims->w == 1;
    const int32_t out_c = output_dims->c;
    const int32_t per_image = output_dims->h * output_dims->w;
    const int32_t pixels = output_dims->n * per_image;
    const int8_t pad = (int8_t)(-params->input_offset);
    const uintptr_t in_lo = (uintptr_t)input;
    const uintptr_t in_hi = in_lo + (uintptr_t)input_dims->n * input_dims->h * input_dims->w * input_dims->c;
    const uintptr_t out_lo = (uintptr_t)output;
    const uintptr_t out_hi = out_lo + (uintptr_t)pixels * out_c;
    const int32_t overlap = out_lo < in_hi && in_lo < out_hi;
    const int8_t *x[4];
    int32_t p, j;
    for (p = 0; p < pixels; p += 4) {
        const int32_t n = pixels - p < 4 ? pixels - p : 4;
        for (j = 0; j < 4; ++j) {
            const int32_t q = p + (j < n ? j : n - 1);
            int8_t *row = scratch + j * k;
            if (j >= n) {
                x[j] = x[n - 1];
            } else if (pointwise) {
                const int8_t *src = tfg_conv2d_pixel(params, input_dims, input, output_dims, q);
                if (src == 0) {
                    memset(row, pad, (size_t)k);
                    src = row;
                } else if (overlap) {
                    memcpy(row, src, (size_t)k);
                    src = row;
                }
                x[j] = src;
            } else {
                tfg_conv2d_column(params, input_dims, input, filter_dims, q / per_image,
                                  (q % per_image) / output_dims->w, q % output_dims->w, row);
                x[j] = row;
            }
        }
        if (k <= 16) {
            tfg_conv2d_mve_pixels_short(params, quant, filter, bias, x, k, out_c, output + p * out_c, n);
        } else {
            tfg_conv2d_mve_pixels(params, quant, filter, bias, x, k, out_c, output + p * out_c, n);
        }
    }
}
#endif /* TFG_CONV2D_MVE */

#if defined(TFG_AVX2)
/*
 * The x86-64 AVX2 path (the native backend on a host with AVX2): no scratch, so the planner's rules are the plain
 * path's. Output pixels two at a time: each pixel's K = k_h * k_w * in_c inputs are one contiguous int8 column
 * (a 1x1 filter reads the input pixel itself; a larger one copies its window into a column on the stack, the
 * padding as the input zero point, which adds exactly 0 once the offset is added, as TFLite's padding does).
 * Four output channels by two pixels are summed at once, sixteen depths per step: inputs and weights widened
 * to 16 bits (VPMOVSXBW), the input offset added (x + offset lies in [-255, 255]), VPMADDWD into eight int32
 * accumulators (a pair's sum is at most 2 * 255 * 128, no saturation). The sums are the plain path's in
 * another order (integer addition), requantized four channels at a time by tfg_avx2_requant_ruy4 (the ruy
 * function's value, see tfg_internal.h), so the bytes are the same.
 *
 * In place (the output over the consumed input): both pixels' inputs are read before either pixel's outputs
 * are written (from a buffer on the stack), and pixels are written in raster order, so every write comes after
 * the reads the plain path does before it.
 */
#define TFG_CONV2D_AVX2 1
#define TFG_CONV2D_AVX2_MAX_K 4096 /* the column buffers' depth */
#define TFG_CONV2D_AVX2_MAX_C 2048 /* the output buffer's channels */
#define TFG_CONV2D_AVX2_KEPT_C 256 /* up to this many channels, their requantization constants are worked out once */

static int tfg_conv2d_avx2_applies(const tfg_per_channel_quant *quant, int32_t out_c, int32_t k)
{
    int32_t oc;
    if (out_c > TFG_CONV2D_AVX2_MAX_C || k > TFG_CONV2D_AVX2_MAX_K) {
        return 0;
    }
    for (oc = 0; oc < out_c; ++oc) {
        if (!tfg_avx2_shift_fits(quant->shift[oc])) {
            return 0;
        }
    }
    return 1;
}

/* Output pixel q's K inputs in the filter's order: the input pixel itself (1x1, inside), or a copy in column. */
static const int8_t *tfg_conv2d_avx2_column(const tfg_conv_params *params, const tfg_dims *input_dims,
                                            const int8_t *input, const tfg_dims *filter_dims,
                                            const tfg_dims *output_dims, int32_t q, int8_t *column)
{
    const int32_t in_c = input_dims->c;
    const int32_t per_image = output_dims->h * output_dims->w;
    const int32_t b = q / per_image;
    const int32_t oy = (q - b * per_image) / output_dims->w;
    const int32_t ox = q - b * per_image - oy * output_dims->w;
    const int8_t pad = (int8_t)(-params->input_offset);
    int32_t ky, kx;
    for (ky = 0; ky < filter_dims->h; ++ky) {
        const int32_t iy = oy * params->stride_h - params->pad_top + ky * params->dilation_h;
        for (kx = 0; kx < filter_dims->w; ++kx) {
            const int32_t ix = ox * params->stride_w - params->pad_left + kx * params->dilation_w;
            int8_t *dst = column + (ky * filter_dims->w + kx) * in_c;
            if (iy < 0 || iy >= input_dims->h || ix < 0 || ix >= input_dims->w) {
                memset(dst, pad, (size_t)in_c);
            } else {
                const int8_t *src = input + ((b * input_dims->h + iy) * input_dims->w + ix) * in_c;
                if (filter_dims->h == 1 && filter_dims->w == 1) {
                    return src;
                }
                memcpy(dst, src, (size_t)in_c);
            }
        }
    }
    return column;
}

/* The sums of channels w[0..3] (rows k apart) over columns x0 and x1, before the bias, as s0 and s1. */
static inline void tfg_conv2d_avx2_block(const int8_t *x0, const int8_t *x1, const int8_t *w, int32_t k,
                                         int32_t input_offset, __m128i *s0, __m128i *s1)
{
    const int8_t *w1 = w + k, *w2 = w1 + k, *w3 = w2 + k;
    const __m256i off = _mm256_set1_epi16((int16_t)input_offset);
    __m256i a00 = _mm256_setzero_si256(), a01 = a00, a02 = a00, a03 = a00;
    __m256i a10 = a00, a11 = a00, a12 = a00, a13 = a00;
    int32_t t[2][4] = {{0, 0, 0, 0}, {0, 0, 0, 0}};
    int32_t i = 0, j;
    for (; i + 16 <= k; i += 16) {
        const __m256i v0 = _mm256_add_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(x0 + i))), off);
        const __m256i v1 = _mm256_add_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(x1 + i))), off);
        __m256i f = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(w + i)));
        a00 = _mm256_add_epi32(a00, _mm256_madd_epi16(v0, f));
        a10 = _mm256_add_epi32(a10, _mm256_madd_epi16(v1, f));
        f = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(w1 + i)));
        a01 = _mm256_add_epi32(a01, _mm256_madd_epi16(v0, f));
        a11 = _mm256_add_epi32(a11, _mm256_madd_epi16(v1, f));
        f = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(w2 + i)));
        a02 = _mm256_add_epi32(a02, _mm256_madd_epi16(v0, f));
        a12 = _mm256_add_epi32(a12, _mm256_madd_epi16(v1, f));
        f = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(w3 + i)));
        a03 = _mm256_add_epi32(a03, _mm256_madd_epi16(v0, f));
        a13 = _mm256_add_epi32(a13, _mm256_madd_epi16(v1, f));
    }
    if (i + 8 <= k) {
        /* eight depths in the low halves */
        const __m128i o = _mm256_castsi256_si128(off);
        const __m128i v0 = _mm_add_epi16(_mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)(const void *)(x0 + i))), o);
        const __m128i v1 = _mm_add_epi16(_mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)(const void *)(x1 + i))), o);
        const __m128i z = _mm_setzero_si128();
        __m128i f = _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)(const void *)(w + i)));
        a00 = _mm256_add_epi32(a00, _mm256_set_m128i(z, _mm_madd_epi16(v0, f)));
        a10 = _mm256_add_epi32(a10, _mm256_set_m128i(z, _mm_madd_epi16(v1, f)));
        f = _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)(const void *)(w1 + i)));
        a01 = _mm256_add_epi32(a01, _mm256_set_m128i(z, _mm_madd_epi16(v0, f)));
        a11 = _mm256_add_epi32(a11, _mm256_set_m128i(z, _mm_madd_epi16(v1, f)));
        f = _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)(const void *)(w2 + i)));
        a02 = _mm256_add_epi32(a02, _mm256_set_m128i(z, _mm_madd_epi16(v0, f)));
        a12 = _mm256_add_epi32(a12, _mm256_set_m128i(z, _mm_madd_epi16(v1, f)));
        f = _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)(const void *)(w3 + i)));
        a03 = _mm256_add_epi32(a03, _mm256_set_m128i(z, _mm_madd_epi16(v0, f)));
        a13 = _mm256_add_epi32(a13, _mm256_set_m128i(z, _mm_madd_epi16(v1, f)));
        i += 8;
    }
    *s0 = tfg_avx2_hsum4(a00, a01, a02, a03);
    *s1 = tfg_avx2_hsum4(a10, a11, a12, a13);
    if (i < k) {
        /* the last k % 8 depths */
        for (; i < k; ++i) {
            const int32_t y0 = (int32_t)x0[i] + input_offset;
            const int32_t y1 = (int32_t)x1[i] + input_offset;
            for (j = 0; j < 4; ++j) {
                const int32_t f = w[j * k + i];
                t[0][j] += f * y0;
                t[1][j] += f * y1;
            }
        }
        *s0 = _mm_add_epi32(*s0, _mm_loadu_si128((const __m128i *)(const void *)t[0]));
        *s1 = _mm_add_epi32(*s1, _mm_loadu_si128((const __m128i *)(const void *)t[1]));
    }
}

static void tfg_conv2d_s8_avx2(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                               const tfg_dims *input_dims, const int8_t *input, const tfg_dims *filter_dims,
                               const int8_t *filter, const int32_t *bias, const tfg_dims *output_dims,
                               int8_t *output)
{
    const int32_t k = filter_dims->h * filter_dims->w * input_dims->c;
    const int32_t out_c = output_dims->c;
    const int32_t pixels = output_dims->n * output_dims->h * output_dims->w;
    const int32_t contiguous = filter_dims->h == 1 && filter_dims->w == 1 && params->stride_h == 1 &&
                               params->stride_w == 1 && params->pad_top == 0 && params->pad_left == 0 &&
                               input_dims->h == output_dims->h && input_dims->w == output_dims->w &&
                               input_dims->n == output_dims->n;
    const __m128i output_offset = _mm_set1_epi32(params->output_offset);
    const __m128i act_min = _mm_set1_epi32(params->act_min);
    const __m128i act_max = _mm_set1_epi32(params->act_max);
    int8_t column0[TFG_CONV2D_AVX2_MAX_K];
    int8_t column1[TFG_CONV2D_AVX2_MAX_K];
    int8_t out[2][TFG_CONV2D_AVX2_MAX_C];
    tfg_avx2_requant kept[TFG_CONV2D_AVX2_KEPT_C / 4];
    const int keep = out_c <= TFG_CONV2D_AVX2_KEPT_C;
    int32_t p, oc, i;
    for (oc = 0; keep && oc + 4 <= out_c; oc += 4) {
        kept[oc / 4] = tfg_avx2_requant_prepare4(quant->multiplier + oc, quant->shift + oc);
    }
    for (p = 0; p < pixels; p += 2) {
        const int32_t two_px = p + 1 < pixels;
        const int8_t *x0 = contiguous ? input + p * k
                                      : tfg_conv2d_avx2_column(params, input_dims, input, filter_dims, output_dims,
                                                               p, column0);
        const int8_t *x1 = !two_px ? x0
                           : contiguous ? x0 + k
                                        : tfg_conv2d_avx2_column(params, input_dims, input, filter_dims,
                                                                 output_dims, p + 1, column1);
        for (oc = 0; oc + 4 <= out_c; oc += 4) {
            const tfg_avx2_requant r = keep ? kept[oc / 4]
                                            : tfg_avx2_requant_prepare4(quant->multiplier + oc, quant->shift + oc);
            __m128i s0, s1;
            tfg_conv2d_avx2_block(x0, x1, filter + oc * k, k, params->input_offset, &s0, &s1);
            if (bias != 0) {
                const __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(bias + oc));
                s0 = _mm_add_epi32(s0, b);
                s1 = _mm_add_epi32(s1, b);
            }
            tfg_avx2_store4(tfg_avx2_requant_ruy4(s0, &r), output_offset, act_min, act_max, out[0] + oc);
            tfg_avx2_store4(tfg_avx2_requant_ruy4(s1, &r), output_offset, act_min, act_max, out[1] + oc);
        }
        for (; oc < out_c; ++oc) {
            const int8_t *w = filter + oc * k;
            int32_t acc0 = 0, acc1 = 0;
            for (i = 0; i < k; ++i) {
                acc0 += (int32_t)w[i] * ((int32_t)x0[i] + params->input_offset);
                acc1 += (int32_t)w[i] * ((int32_t)x1[i] + params->input_offset);
            }
            out[0][oc] = tfg_conv2d_requantize(params, quant, bias, oc, acc0);
            out[1][oc] = tfg_conv2d_requantize(params, quant, bias, oc, acc1);
        }
        memcpy(output + p * out_c, out[0], (size_t)out_c);
        if (two_px) {
            memcpy(output + (p + 1) * out_c, out[1], (size_t)out_c);
        }
    }
}
#endif /* TFG_AVX2 */

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

#ifdef TFG_CONV2D_AVX2
    if (group_c == in_c && tfg_conv2d_avx2_applies(quant, out_c, k_h * k_w * in_c)) {
        tfg_conv2d_s8_avx2(params, quant, input_dims, input, filter_dims, filter, bias, output_dims, output);
        return;
    }
#endif
#ifdef TFG_CONV2D_MVE
    if (scratch != 0 && group_c == in_c && tfg_conv2d_mve_applies(quant, out_c)) {
        tfg_conv2d_s8_mve(params, quant, input_dims, input, filter_dims, filter, bias, output_dims, output, scratch);
        return;
    }
#endif
#ifdef TFG_CONV2D_DSP
    if (scratch != 0 && group_c == in_c && ((uintptr_t)scratch & 3) == 0) {
        tfg_conv2d_s8_dsp(params, quant, input_dims, input, filter_dims, filter, bias, output_dims, output, scratch);
        return;
    }
#else
    (void)scratch;
#endif
#ifdef TFG_V6M
    if (group_c == in_c && tfg_conv2d_v6m_applies(quant, out_c)) {
        tfg_conv2d_s8_v6m(params, quant, input_dims, input, filter_dims, filter, bias, output_dims, output);
        return;
    }
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
