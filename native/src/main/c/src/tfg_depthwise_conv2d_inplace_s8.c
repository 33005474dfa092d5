/*
 * DEPTHWISE_CONV_2D int8 (depth multiplier 1, batch 1) computed in place, as TinyEngine does: for each
 * channel, the input channel is saved in scratch, then the output channel is written over the buffer.
 * Output pixel p of channel c is byte p * C + c, which held input pixel p of channel c: already saved,
 * since the output has no more pixels than the input. Same arithmetic as tfg_depthwise_conv2d_s8.
 *
 * On a core with the DSP extension (__ARM_FEATURE_DSP) given scratch_bytes of at least the padded
 * plane (tfg_depthwise_conv2d_inplace_s8_get_buffer_size there), the channel is saved with its padding
 * (filled with the input zero point, which contributes exactly 0, as TFLite's padding does; the border is
 * written once per layer and only the interior per channel, a word at a time), so the taps need no bounds
 * checks. A 3x3 filter with dilation 1 then takes each filter row as one 4-byte load, two SXTB16 and
 * SMLAD/SMLABB (two stride-1 outputs per load), and a channel whose shift is negative and whose bias is
 * within +-2^28 (the usual case: an effective scale below 1/2) is requantized by SMMULR and three instructions
 * (tfg_depthwise_short_output); other filters up to 8x8 with dilation 1 take the k x k form of this
 * (tfg_depthwise_inplace_kxk); other channels and filters take the padded plane's general loop with the
 * reference requantization. Otherwise the plain path, which saves the bare channel (H x W bytes).
 */
#include "tfg_internal.h"

#ifdef TFG_DSP
#define TFG_DEPTHWISE_DSP 1
#endif

#ifdef TFG_DEPTHWISE_DSP

/*
 * Keeps a loop's function out of its caller, so that its registers are allocated for it alone: inlined (GCC inlines a
 * static function called once) the k x k layer and channel made the register allocation of the whole entry point
 * worse, the 3x3 channel's loops included (3% more instructions in MobileNetV2's 3x3 layers).
 */
#if defined(__GNUC__)
#define TFG_DEPTHWISE_NOINLINE __attribute__((noinline))
#else
#define TFG_DEPTHWISE_NOINLINE
#endif

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

static TFG_SPECIALISE int8_t tfg_depthwise_requantize(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
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

/*
 * Channel c of the buffer into the interior of its padded plane; the border (the pad value) is the same for
 * every channel, so the caller fills it once. The interior is gathered four bytes at a time into one word
 * store (the bytes sit depth apart in the buffer).
 */
static TFG_SPECIALISE void tfg_depthwise_save_plane(const tfg_conv_params *params, int32_t in_h, int32_t in_w, int32_t depth,
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
 * The short requantization of a doubled accumulator a2 = 2 * acc, for a channel with shift < 0 (right shift r
 * >= 1, no left shift) and |acc| < 2^29: the reference's high word floor((acc * m + 2^30) / 2^31) is
 * SMMULR(a2, m) = floor((a2 * m + 2^31) / 2^32) exactly, and since |high| <= |acc|, adding the half step
 * cannot overflow, so the round-half-away-from-zero shift is (high + 2^(r-1) - [high < 0]) >> r. With a full
 * int8 activation range the clamp is one SSAT.
 */
static inline int32_t tfg_depthwise_short_output(int32_t a2, int32_t multiplier, int32_t half, int32_t right,
                                                int32_t output_offset, int32_t act_min, int32_t act_max, int full)
{
    const int32_t high = tfg_smmulr(a2, multiplier);
    int32_t r = ((high + half - (int32_t)((uint32_t)high >> 31)) >> right) + output_offset;
    if (full) {
        return __ssat(r, 8);
    }
    r = r < act_min ? act_min : r;
    r = r > act_max ? act_max : r;
    return r;
}

/*
 * One channel of a 3x3 filter with dilation 1 over its padded plane, for a channel that takes the short
 * requantization. The weights are doubled (they still fit the 16-bit halves) and the input offset is folded
 * into the bias (bias2 = 2 * (bias + offset * sum of the weights)), so the taps need no offset and the
 * accumulator arrives doubled for SMMULR. Each filter row is one 4-byte load (x0..x3) split by SXTB16 into
 * (x0, x2) and (x1, x3). With stride 1 two outputs share it: the left one takes SMLAD((x0, x2), (w0, w2)) +
 * x1 w1 (SMLABB), the right one SMLAD((x1, x3), (w0, w2)) + x2 w1 (SMLATB): 7 instructions for 6 MACs;
 * otherwise one output per load, 5 for 3. full: act_min -128 and act_max 127 (the calls pass a constant, and
 * the function is compiled once for each).
 */
static TFG_SPECIALISE void tfg_depthwise_channel_3x3_short(const tfg_conv_params *params, int32_t multiplier,
                                                           int32_t shift, int32_t bias2, const int8_t *filter,
                                                           int32_t depth, const tfg_dims *output_dims,
                                                           int32_t plane_w, const int8_t *scratch, int8_t *out,
                                                           int full)
{
    const int32_t out_h = output_dims->h;
    const int32_t out_w = output_dims->w;
    const int32_t right = -shift;
    const int32_t half = 1 << (right - 1);
    const int32_t output_offset = params->output_offset;
    const int32_t act_min = params->act_min;
    const int32_t act_max = params->act_max;
    const int32_t stride_w = params->stride_w;
    const int32_t row_step = params->stride_h * plane_w;
    int32_t w02[3];
    int32_t w1_01, w1_2;
    int32_t ky, oy, ox;
    for (ky = 0; ky < 3; ++ky) {
        const int8_t *w = filter + ky * 3 * depth;
        w02[ky] = (int32_t)((uint32_t)(uint16_t)(2 * w[0]) | ((uint32_t)(uint16_t)(2 * w[2 * depth]) << 16));
    }
    w1_01 = (int32_t)((uint32_t)(uint16_t)(2 * filter[depth]) | ((uint32_t)(uint16_t)(2 * filter[4 * depth]) << 16));
    w1_2 = (int32_t)(uint16_t)(2 * filter[7 * depth]);
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
                int32_t e = __sxtb16((int32_t)v0);
                int32_t d = tfg_sxtb16_ror8(v0);
                int32_t a0 = __smlad(e, w02[0], bias2);
                int32_t a1 = __smlad(d, w02[0], bias2);
                a0 = __smlabb(d, w1_01, a0);
                a1 = __smlatb(e, w1_01, a1);
                e = __sxtb16((int32_t)v1);
                d = tfg_sxtb16_ror8(v1);
                a0 = __smlad(e, w02[1], a0);
                a1 = __smlad(d, w02[1], a1);
                a0 = __smlabt(d, w1_01, a0);
                a1 = __smlatt(e, w1_01, a1);
                e = __sxtb16((int32_t)v2);
                d = tfg_sxtb16_ror8(v2);
                a0 = __smlad(e, w02[2], a0);
                a1 = __smlad(d, w02[2], a1);
                a0 = __smlabb(d, w1_2, a0);
                a1 = __smlatb(e, w1_2, a1);
                o[0] = (int8_t)tfg_depthwise_short_output(a0, multiplier, half, right, output_offset, act_min,
                                                          act_max, full);
                o[depth] = (int8_t)tfg_depthwise_short_output(a1, multiplier, half, right, output_offset, act_min,
                                                              act_max, full);
                o += 2 * depth;
            }
        }
        for (; ox < out_w; ++ox) {
            const int8_t *p = top + ox * stride_w;
            const uint32_t v0 = tfg_load4(p);
            const uint32_t v1 = tfg_load4(p + plane_w);
            const uint32_t v2 = tfg_load4(p + 2 * plane_w);
            int32_t acc = __smlad(__sxtb16((int32_t)v0), w02[0], bias2);
            acc = __smlabb(tfg_sxtb16_ror8(v0), w1_01, acc);
            acc = __smlad(__sxtb16((int32_t)v1), w02[1], acc);
            acc = __smlabt(tfg_sxtb16_ror8(v1), w1_01, acc);
            acc = __smlad(__sxtb16((int32_t)v2), w02[2], acc);
            acc = __smlabb(tfg_sxtb16_ror8(v2), w1_2, acc);
            *o = (int8_t)tfg_depthwise_short_output(acc, multiplier, half, right, output_offset, act_min, act_max,
                                                    full);
            o += depth;
        }
    }
}

/*
 * The 3x3 channel with and without the full int8 clamp, each its own function so that its registers are allocated
 * for its loops alone (inlined into the layer's function, the stride-1 loop spilled two more values).
 */
static TFG_DEPTHWISE_NOINLINE void tfg_depthwise_channel_3x3_full(const tfg_conv_params *params, int32_t multiplier,
                                                                  int32_t shift, int32_t bias2, const int8_t *filter,
                                                                  int32_t depth, const tfg_dims *output_dims,
                                                                  int32_t plane_w, const int8_t *scratch, int8_t *out)
{
    tfg_depthwise_channel_3x3_short(params, multiplier, shift, bias2, filter, depth, output_dims, plane_w, scratch, out,
                                    1);
}

static TFG_DEPTHWISE_NOINLINE void tfg_depthwise_channel_3x3_clamp(const tfg_conv_params *params, int32_t multiplier,
                                                                   int32_t shift, int32_t bias2, const int8_t *filter,
                                                                   int32_t depth, const tfg_dims *output_dims,
                                                                   int32_t plane_w, const int8_t *scratch, int8_t *out)
{
    tfg_depthwise_channel_3x3_short(params, multiplier, shift, bias2, filter, depth, output_dims, plane_w, scratch, out,
                                    0);
}

/*
 * 2 * (bias + input_offset * sum of the channel's 3x3 weights) when the short requantization applies to the
 * channel (multiplier not INT32_MIN, shift < 0, and that bias within +-2^28, so that with the taps' at most
 * 9 * 128 * 128 the accumulator stays below 2^29 in magnitude); else 0 with *ok cleared.
 */
static int32_t tfg_depthwise_short_bias2(const tfg_conv_params *params, int32_t multiplier, int32_t shift,
                                         int32_t bias_c, const int8_t *filter, int32_t depth, int *ok)
{
    int64_t folded = bias_c;
    int32_t t;
    for (t = 0; t < 9; ++t) {
        folded += (int64_t)params->input_offset * filter[t * depth];
    }
    *ok = multiplier != INT32_MIN && shift < 0 && shift >= -31 && folded >= -((int64_t)1 << 28)
          && folded <= ((int64_t)1 << 28);
    return *ok ? (int32_t)(2 * folded) : 0;
}

/* Largest filter height and width of the k x k path: its weight table (tfg_depthwise_kxk_table) is on the stack. */
#define TFG_DEPTHWISE_KXK_MAX 8

/*
 * A k x k channel's doubled weights as SMLAD operands, each filter row in groups of four taps (w0..w3): the word
 * pair (w0, w2), (w1, w3), the 16-bit halves of one word holding two taps. A row of Kw taps takes ceil(Kw / 4)
 * pairs; the taps past Kw stay 0 (the layer zeroes the table once), so a group's products with the bytes past the
 * window's row add nothing (those reads stay inside the padded plane or its 3 spare bytes).
 */
typedef union {
    int32_t align; /* the words are read with memcpy (no aliasing question), LDR or LDRD when aligned */
    int16_t halves[TFG_DEPTHWISE_KXK_MAX * 8];
} tfg_depthwise_kxk_table;

/* Two taps of the table as one SMLAD operand. */
static inline int32_t tfg_depthwise_kxk_pair(const int16_t *h)
{
    int32_t v;
    memcpy(&v, h, 4);
    return v;
}

/* Taps 4j .. 4j + 3 of a filter row for two outputs whose windows' rows start at a and b. */
static inline void tfg_depthwise_kxk_group(const int8_t *a, const int8_t *b, const int16_t *w, int32_t *acc0,
                                           int32_t *acc1)
{
    const uint32_t va = tfg_load4(a);
    const uint32_t vb = tfg_load4(b);
    const int32_t w02 = tfg_depthwise_kxk_pair(w);
    const int32_t w13 = tfg_depthwise_kxk_pair(w + 2);
    *acc0 = __smlad(__sxtb16((int32_t)va), w02, *acc0);
    *acc1 = __smlad(__sxtb16((int32_t)vb), w02, *acc1);
    *acc0 = __smlad(tfg_sxtb16_ror8(va), w13, *acc0);
    *acc1 = __smlad(tfg_sxtb16_ror8(vb), w13, *acc1);
}

/*
 * One filter row of k_w taps for two outputs: 11 instructions per group of four taps and both outputs (LDRD of the
 * weights, two loads, four SXTB16, four SMLAD). A single last tap (k_w = 5) is two LDRSB, one LDRSH and two MLA
 * instead of a group three quarters zero. The callers pass k_w as a constant where it is 5 or 7, so the loop unrolls.
 */
static TFG_SPECIALISE void tfg_depthwise_kxk_row(const int8_t *a, const int8_t *b, const int16_t *w, int32_t k_w,
                                                 int32_t *acc0, int32_t *acc1)
{
    int32_t j = 0;
    for (; j + 4 <= k_w; j += 4) {
        tfg_depthwise_kxk_group(a + j, b + j, w, acc0, acc1);
        w += 4;
    }
    if (k_w - j == 1) {
        *acc0 += (int32_t)a[j] * w[0];
        *acc1 += (int32_t)b[j] * w[0];
    } else if (k_w - j > 1) {
        tfg_depthwise_kxk_group(a + j, b + j, w, acc0, acc1);
    }
}

/*
 * One channel of a k x k filter (k_h, k_w <= TFG_DEPTHWISE_KXK_MAX, dilation 1, any stride) over its padded plane,
 * for a channel that takes the short requantization (bias2 as tfg_depthwise_kxk_weights computes it). Outputs go
 * in raster order two at a time, the second possibly at the start of the next output row, so that every pass
 * shares its weight loads between two outputs whatever the output width; an odd last output is computed once more
 * as a pair with itself. full: act_min -128 and act_max 127.
 */
static TFG_SPECIALISE void tfg_depthwise_channel_kxk_short(const tfg_conv_params *params, int32_t multiplier,
                                                           int32_t shift, int32_t bias2, const int16_t *table,
                                                           int32_t k_h, int32_t k_w, int32_t depth,
                                                           const tfg_dims *output_dims, int32_t plane_w,
                                                           const int8_t *scratch, int8_t *out, int full)
{
    const int32_t out_w = output_dims->w;
    const int32_t total = output_dims->h * out_w;
    const int32_t right = -shift;
    const int32_t half = 1 << (right - 1);
    const int32_t output_offset = params->output_offset;
    const int32_t act_min = params->act_min;
    const int32_t act_max = params->act_max;
    const int32_t stride_w = params->stride_w;
    const int32_t row_step = params->stride_h * plane_w;
    const int32_t row_halves = 4 * ((k_w + 3) >> 2);
    const int16_t *table_end = table + k_h * row_halves;
    const int8_t *line = scratch; /* the window of the next output, at column ox of output row `line` */
    const int8_t *p = scratch;
    int32_t ox = 0;
    int32_t n;
    for (n = 0; n < total; n += 2) {
        const int8_t *a = p;
        const int8_t *b;
        const int16_t *w = table;
        int32_t a0 = bias2;
        int32_t a1 = bias2;
        p += stride_w;
        if (++ox == out_w) {
            ox = 0;
            line += row_step;
            p = line;
        }
        b = n + 1 < total ? p : a;
        p += stride_w;
        if (++ox == out_w) {
            ox = 0;
            line += row_step;
            p = line;
        }
        do {
            tfg_depthwise_kxk_row(a, b, w, k_w, &a0, &a1);
            a += plane_w;
            b += plane_w;
            w += row_halves;
        } while (w != table_end);
        out[n * depth] = (int8_t)tfg_depthwise_short_output(a0, multiplier, half, right, output_offset, act_min,
                                                            act_max, full);
        if (n + 1 < total) {
            out[(n + 1) * depth] = (int8_t)tfg_depthwise_short_output(a1, multiplier, half, right, output_offset,
                                                                      act_min, act_max, full);
        }
    }
}

/*
 * Channel c's doubled k x k weights into the table (only the taps' halves: the padding halves stay as the layer
 * zeroed them) and, when the short requantization applies to the channel (multiplier not INT32_MIN, shift < 0,
 * bias + input_offset * sum of the weights within +-2^28, so that with the taps' at most 64 * 128 * 127 the
 * accumulator stays below 2^29 in magnitude), that folded bias doubled; else 0 with *ok cleared.
 */
static int32_t tfg_depthwise_kxk_weights(const tfg_conv_params *params, int32_t multiplier, int32_t shift,
                                         int32_t bias_c, const int8_t *filter, int32_t depth, int32_t k_h,
                                         int32_t k_w, tfg_depthwise_kxk_table *table, int *ok)
{
    const int32_t row_halves = 4 * ((k_w + 3) >> 2);
    int32_t sum = 0;
    int32_t ky, kx;
    int64_t folded;
    for (ky = 0; ky < k_h; ++ky) {
        int16_t *row = table->halves + ky * row_halves;
        for (kx = 0; kx < k_w; ++kx) {
            const int32_t w = *filter;
            /* tap kx of a group sits at half (kx & 1) * 2 + (kx >> 1 & 1) of its two words (little endian) */
            row[(kx & ~3) + ((kx & 1) << 1) + ((kx >> 1) & 1)] = (int16_t)(2 * w);
            sum += w;
            filter += depth;
        }
    }
    folded = (int64_t)bias_c + (int64_t)params->input_offset * sum;
    *ok = multiplier != INT32_MIN && shift < 0 && shift >= -31 && folded >= -((int64_t)1 << 28)
          && folded <= ((int64_t)1 << 28);
    return *ok ? (int32_t)(2 * folded) : 0;
}

/* The k x k channel specialised: k_w 5 and 7 (unrolled), any other, each with and without the full int8 clamp. */
#define TFG_DEPTHWISE_KXK_VARIANT(name, width, full)                                                                \
    static TFG_DEPTHWISE_NOINLINE void name(const tfg_conv_params *params, int32_t multiplier, int32_t shift,        \
                                            int32_t bias2, const int16_t *table, int32_t k_h, int32_t k_w,          \
                                            int32_t depth, const tfg_dims *output_dims, int32_t plane_w,            \
                                            const int8_t *scratch, int8_t *out)                                     \
    {                                                                                                               \
        (void)k_w;                                                                                                  \
        tfg_depthwise_channel_kxk_short(params, multiplier, shift, bias2, table, k_h, width, depth, output_dims,     \
                                        plane_w, scratch, out, full);                                               \
    }
TFG_DEPTHWISE_KXK_VARIANT(tfg_depthwise_channel_5_full, 5, 1)
TFG_DEPTHWISE_KXK_VARIANT(tfg_depthwise_channel_5_clamp, 5, 0)
TFG_DEPTHWISE_KXK_VARIANT(tfg_depthwise_channel_7_full, 7, 1)
TFG_DEPTHWISE_KXK_VARIANT(tfg_depthwise_channel_7_clamp, 7, 0)
TFG_DEPTHWISE_KXK_VARIANT(tfg_depthwise_channel_k_full, k_w, 1)
TFG_DEPTHWISE_KXK_VARIANT(tfg_depthwise_channel_k_clamp, k_w, 0)

typedef void tfg_depthwise_kxk_channel_fn(const tfg_conv_params *params, int32_t multiplier, int32_t shift,
                                          int32_t bias2, const int16_t *table, int32_t k_h, int32_t k_w,
                                          int32_t depth, const tfg_dims *output_dims, int32_t plane_w,
                                          const int8_t *scratch, int8_t *out);

/* The variant for a layer's filter width and activation range. */
static tfg_depthwise_kxk_channel_fn *tfg_depthwise_kxk_variant(int32_t k_w, int full)
{
    if (k_w == 5) {
        return full ? tfg_depthwise_channel_5_full : tfg_depthwise_channel_5_clamp;
    }
    if (k_w == 7) {
        return full ? tfg_depthwise_channel_7_full : tfg_depthwise_channel_7_clamp;
    }
    return full ? tfg_depthwise_channel_k_full : tfg_depthwise_channel_k_clamp;
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
    const int full_range = params->act_min == -128 && params->act_max == 127;
    int32_t c, oy, ox, ky, kx;

    memset(scratch, (int8_t)(-params->input_offset), (size_t)(plane_h * plane_w));
    for (c = 0; c < depth; ++c) {
        tfg_depthwise_save_plane(params, in_h, in_w, depth, plane_h, plane_w, buffer, c, scratch);
        int short_ok = 0;
        const int32_t bias2 = fast3x3 ? tfg_depthwise_short_bias2(params, quant->multiplier[c], quant->shift[c],
                                                                  bias != 0 ? bias[c] : 0, filter + c, depth,
                                                                  &short_ok)
                                      : 0;
        if (short_ok && full_range) {
            tfg_depthwise_channel_3x3_full(params, quant->multiplier[c], quant->shift[c], bias2, filter + c, depth,
                                           output_dims, plane_w, scratch, buffer + c);
        } else if (short_ok) {
            tfg_depthwise_channel_3x3_clamp(params, quant->multiplier[c], quant->shift[c], bias2, filter + c, depth,
                                            output_dims, plane_w, scratch, buffer + c);
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

/*
 * The layer of a k x k filter (k_h, k_w <= TFG_DEPTHWISE_KXK_MAX, dilation 1, not 3x3) over padded planes: the
 * weight table's padding zeroed once, then per channel the plane saved, the table filled, and the channel through
 * its variant of tfg_depthwise_channel_kxk_short, or (a channel without the short requantization) the padded
 * plane's general loop with the reference requantization.
 */
static TFG_DEPTHWISE_NOINLINE void tfg_depthwise_inplace_kxk(const tfg_conv_params *params,
                                                            const tfg_per_channel_quant *quant,
                                                            const tfg_dims *input_dims, const tfg_dims *filter_dims,
                                                            const int8_t *filter, const int32_t *bias,
                                                            const tfg_dims *output_dims, int8_t *buffer,
                                                            int8_t *scratch)
{
    const int32_t depth = input_dims->c;
    const int32_t k_h = filter_dims->h;
    const int32_t k_w = filter_dims->w;
    const int32_t plane_h = tfg_depthwise_plane_h(filter_dims, output_dims, params->stride_h, 1);
    const int32_t plane_w = tfg_depthwise_plane_w(filter_dims, output_dims, params->stride_w, 1);
    tfg_depthwise_kxk_channel_fn *const channel =
        tfg_depthwise_kxk_variant(k_w, params->act_min == -128 && params->act_max == 127);
    tfg_depthwise_kxk_table table;
    int32_t c, oy, ox, ky, kx;

    memset(scratch, (int8_t)(-params->input_offset), (size_t)(plane_h * plane_w));
    memset(&table, 0, sizeof(table));
    for (c = 0; c < depth; ++c) {
        int short_ok = 0;
        int32_t bias2;
        tfg_depthwise_save_plane(params, input_dims->h, input_dims->w, depth, plane_h, plane_w, buffer, c, scratch);
        bias2 = tfg_depthwise_kxk_weights(params, quant->multiplier[c], quant->shift[c], bias != 0 ? bias[c] : 0,
                                          filter + c, depth, k_h, k_w, &table, &short_ok);
        if (short_ok) {
            channel(params, quant->multiplier[c], quant->shift[c], bias2, table.halves, k_h, k_w, depth, output_dims,
                    plane_w, scratch, buffer + c);
            continue;
        }
        for (oy = 0; oy < output_dims->h; ++oy) {
            for (ox = 0; ox < output_dims->w; ++ox) {
                const int8_t *p = scratch + oy * params->stride_h * plane_w + ox * params->stride_w;
                int32_t acc = 0;
                for (ky = 0; ky < k_h; ++ky) {
                    const int8_t *x = p + ky * plane_w;
                    const int8_t *w = filter + ky * k_w * depth + c;
                    for (kx = 0; kx < k_w; ++kx) {
                        acc += (int32_t)w[kx * depth] * ((int32_t)x[kx] + params->input_offset);
                    }
                }
                buffer[(oy * output_dims->w + ox) * depth + c] = tfg_depthwise_requantize(params, quant, bias, c, acc);
            }
        }
    }
}

#endif /* TFG_DEPTHWISE_DSP */

#if defined(TFG_DEPTHWISE_DSP) && defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
/*
 * The Helium (MVE) path of the Cortex-M55, chosen before the DSP one, with the same scratch (the padded plane
 * plus 3 bytes) and any filter size, stride and dilation. Each channel is saved into its padded plane by
 * gathers (VLDRB.U16 with offsets 0, C, ..., 7C: eight bytes per load and store), then the outputs of a row
 * are computed eight at a time in two vectors of 32-bit lanes: per tap one scalar weight, two loads of four
 * plane bytes sign-extended to 32 bits (VLDRB.S32, or its gather for a stride above 1) and two VMLA. The
 * input offset is folded into the bias (bias + offset * sum of the k_h * k_w weights: the padding holds the
 * zero point, whose raw value times the weight cancels its share of that sum, and the sum is exact modulo
 * 2^32 like TFLite's int32 one).
 *
 * Requantization of four lanes, TFLite's MultiplyByQuantizedMultiplier (gemmlowp) exactly: VSHL by the left
 * shift (wrapping, as the reference's int32 product), VQRDMULH by the multiplier, which is gemmlowp's
 * SaturatingRoundingDoublingHighMul bit for bit (round half up of a * M / 2^31, floor((a * M + 2^30) / 2^31),
 * which equals its nudge-and-truncate for both signs, and saturating in the same single case), then the
 * rounding divide by 2^r half away from zero: (h - [h < 0] + 2^(r-1)) >> r, the subtraction saturating (at
 * h = INT32_MIN it does not change the result) and VRSHL adding the half step without overflow. Output
 * offset, clamp, and a scatter store of the four bytes C apart.
 */
#define TFG_DEPTHWISE_MVE 1
#include <arm_mve.h>

/* Channel c of the buffer into the interior of its padded plane (the border already holds the pad value). */
static void tfg_depthwise_mve_save_plane(const tfg_conv_params *params, int32_t in_h, int32_t in_w, int32_t depth,
                                         int32_t plane_h, int32_t plane_w, const int8_t *buffer, int32_t c,
                                         int8_t *scratch)
{
    const int32_t r0 = params->pad_top;
    const int32_t r1 = params->pad_top + in_h < plane_h ? params->pad_top + in_h : plane_h;
    const int32_t q0 = params->pad_left < plane_w ? params->pad_left : plane_w;
    const int32_t q1 = params->pad_left + in_w < plane_w ? params->pad_left + in_w : plane_w;
    const uint16x8_t offsets = vmulq_n_u16(vidupq_n_u16(0, 1), (uint16_t)depth);
    const int8_t *line = buffer + (q0 - params->pad_left) * depth + c;
    int32_t r, n;
    for (r = r0; r < r1; ++r) {
        const uint8_t *src = (const uint8_t *)(line + (r - r0) * in_w * depth);
        uint8_t *dst = (uint8_t *)(scratch + r * plane_w + q0);
        for (n = q1 - q0; n > 0; n -= 8) {
            const mve_pred16_t pr = vctp16q((uint32_t)n);
            vstrbq_p_u16(dst, vldrbq_gather_offset_z_u16(src, offsets, pr), pr);
            dst += 8;
            src += 8 * depth;
        }
    }
}

/* Whether every channel's requantization suits the vector form (multiplier not INT32_MIN, |shift| < 32). */
static int tfg_depthwise_mve_applies(const tfg_per_channel_quant *quant, int32_t depth)
{
    int32_t c;
    for (c = 0; c < depth; ++c) {
        if (quant->multiplier[c] == INT32_MIN || quant->shift[c] > 30 || quant->shift[c] < -31) {
            return 0;
        }
    }
    return depth <= 65535 / 8; /* the plane save's 16-bit gather offsets reach 7 * depth */
}

/* Four sums of channel c requantized as TFLite's MultiplyByQuantizedMultiplier, offset and clamped. */
static inline int32x4_t tfg_depthwise_mve_requantize(int32x4_t v, int32_t multiplier, int32_t left, int32_t right,
                                                     int32_t output_offset, int32x4_t act_min, int32x4_t act_max)
{
    v = vshlq_r_s32(v, left);
    v = vqrdmulhq_n_s32(v, multiplier);
    if (right > 0) {
        v = vqaddq_s32(v, vshrq_n_s32(v, 31));
        v = vrshlq_n_s32(v, -right);
    }
    v = vaddq_n_s32(v, output_offset);
    return vminq_s32(vmaxq_s32(v, act_min), act_max);
}

/* What the output blocks of one call share. */
typedef struct {
    int32_t k_h;
    int32_t k_w;
    int32_t depth;
    int32_t stride_w;
    int32_t tap_row;  /* plane bytes between filter rows */
    int32_t tap_col;  /* plane bytes between filter columns */
    int32_t output_offset;
    uint32x4_t in_offsets;  /* 0, 1, 2, 3 times stride_w */
    uint32x4_t out_offsets; /* 0, 1, 2, 3 times depth */
    int32x4_t act_min;
    int32x4_t act_max;
} tfg_depthwise_mve_call;

/*
 * n (1..8) outputs of a row of one channel, from the plane at p (the first output's window's top left): all
 * k_h x k_w taps into two vectors of four sums starting at the folded bias b, then requantized and stored.
 * A block of fewer than 8 reads only its own lanes (predicated loads), so nothing past the plane is read.
 * contiguous: stride_w is 1, plain loads instead of gathers (the callers pass a constant).
 */
static TFG_SPECIALISE void tfg_depthwise_mve_block(const tfg_depthwise_mve_call *g, const int8_t *p,
                                                   const int8_t *w, uint32_t b, int32_t multiplier, int32_t left,
                                                   int32_t right, int8_t *o, int32_t n, int contiguous)
{
    const mve_pred16_t first = vctp32q((uint32_t)n);
    const mve_pred16_t second = vctp32q((uint32_t)(n > 4 ? n - 4 : 0));
    const int32_t second_at = 4 * g->stride_w;
    int32x4_t a0 = vdupq_n_s32((int32_t)b);
    int32x4_t a1 = a0;
    int32_t ky, kx;
    for (ky = 0; ky < g->k_h; ++ky, p += g->tap_row) {
        const int8_t *q = p;
        for (kx = 0; kx < g->k_w; ++kx, q += g->tap_col, w += g->depth) {
            const int32_t wt = *w;
            if (n == 8 && contiguous) {
                a0 = vmlaq_n_s32(a0, vldrbq_s32(q), wt);
                a1 = vmlaq_n_s32(a1, vldrbq_s32(q + 4), wt);
            } else if (n == 8) {
                a0 = vmlaq_n_s32(a0, vldrbq_gather_offset_s32(q, g->in_offsets), wt);
                a1 = vmlaq_n_s32(a1, vldrbq_gather_offset_s32(q + second_at, g->in_offsets), wt);
            } else {
                a0 = vmlaq_n_s32(a0, vldrbq_gather_offset_z_s32(q, g->in_offsets, first), wt);
                a1 = vmlaq_n_s32(a1, vldrbq_gather_offset_z_s32(q + second_at, g->in_offsets, second), wt);
            }
        }
    }
    a0 = tfg_depthwise_mve_requantize(a0, multiplier, left, right, g->output_offset, g->act_min, g->act_max);
    a1 = tfg_depthwise_mve_requantize(a1, multiplier, left, right, g->output_offset, g->act_min, g->act_max);
    if (n == 8) {
        vstrbq_scatter_offset_s32(o, g->out_offsets, a0);
        vstrbq_scatter_offset_s32(o + 4 * g->depth, g->out_offsets, a1);
    } else {
        vstrbq_scatter_offset_p_s32(o, g->out_offsets, a0, first);
        vstrbq_scatter_offset_p_s32(o + 4 * g->depth, g->out_offsets, a1, second);
    }
}

/*
 * Whether the Helium path beats the DSP one for this layer (measured on the M55 stand-in, docs/speed.md): a channel
 * costs the Helium path a fixed set-up and about 9 instructions per tap of a block of 8 outputs, plus a predicated
 * block for a row's last outputs, so the DSP path's specialisations (dilation 1) win on narrow rows. The 3x3 one:
 * Helium from 24 outputs per row at stride 1 (at 20 the DSP path took 558,531 instructions against 677,563 on
 * mcunet-vww1, at 24 675,906 against 826,469 on MobileNetV2), or 8 at a larger stride (where the DSP path loads
 * each row once per output). The k x k one (5x5 and 7x7 up to TFG_DEPTHWISE_KXK_MAX): every such layer of
 * mcunet-vww1 (rows of 6 to 20 outputs, strides 1 and 2) took 6% to 30% fewer instructions on the DSP path, so
 * Helium only from 24 outputs per row, where its full blocks dominate (not measured: no zoo model has one).
 * Other filters (dilated, larger) have no DSP specialisation.
 */
static int tfg_depthwise_mve_wins(const tfg_conv_params *params, const tfg_dims *filter_dims,
                                  const tfg_dims *output_dims)
{
    const int dilated = params->dilation_h != 1 || params->dilation_w != 1;
    const int dsp3x3 = filter_dims->h == 3 && filter_dims->w == 3 && !dilated;
    const int dsp_kxk = !dsp3x3 && !dilated && filter_dims->h <= TFG_DEPTHWISE_KXK_MAX
                        && filter_dims->w <= TFG_DEPTHWISE_KXK_MAX;
    if (dsp3x3) {
        return output_dims->w >= 24 || (params->stride_w > 1 && output_dims->w >= 8);
    }
    return !dsp_kxk || output_dims->w >= 24;
}

static void tfg_depthwise_inplace_mve(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                      const tfg_dims *input_dims, const tfg_dims *filter_dims, const int8_t *filter,
                                      const int32_t *bias, const tfg_dims *output_dims, int8_t *buffer,
                                      int8_t *scratch)
{
    const int32_t depth = input_dims->c;
    const int32_t k_h = filter_dims->h;
    const int32_t k_w = filter_dims->w;
    const int32_t taps = k_h * k_w;
    const int32_t out_h = output_dims->h;
    const int32_t out_w = output_dims->w;
    const int32_t stride_w = params->stride_w;
    const int32_t plane_h = tfg_depthwise_plane_h(filter_dims, output_dims, params->stride_h, params->dilation_h);
    const int32_t plane_w = tfg_depthwise_plane_w(filter_dims, output_dims, params->stride_w, params->dilation_w);
    const int32_t row_step = params->stride_h * plane_w;
    const uint32x4_t lane = vidupq_n_u32(0, 1);
    tfg_depthwise_mve_call g;
    g.k_h = k_h;
    g.k_w = k_w;
    g.depth = depth;
    g.stride_w = stride_w;
    g.tap_row = params->dilation_h * plane_w;
    g.tap_col = params->dilation_w;
    g.output_offset = params->output_offset;
    g.in_offsets = vmulq_n_u32(lane, (uint32_t)stride_w);
    g.out_offsets = vmulq_n_u32(lane, (uint32_t)depth);
    g.act_min = vdupq_n_s32(params->act_min);
    g.act_max = vdupq_n_s32(params->act_max);
    int32_t c, oy, ox;

    memset(scratch, (int8_t)(-params->input_offset), (size_t)(plane_h * plane_w));
    for (c = 0; c < depth; ++c) {
        const int32_t shift = quant->shift[c];
        const int32_t multiplier = quant->multiplier[c];
        const int32_t left = shift > 0 ? shift : 0;
        const int32_t right = shift > 0 ? 0 : -shift;
        uint32_t b = bias != 0 ? (uint32_t)bias[c] : 0;
        int32_t t;
        tfg_depthwise_mve_save_plane(params, input_dims->h, input_dims->w, depth, plane_h, plane_w, buffer, c,
                                     scratch);
        for (t = 0; t < taps; ++t) {
            b += (uint32_t)params->input_offset * (uint32_t)filter[t * depth + c];
        }
        for (oy = 0; oy < out_h; ++oy) {
            const int8_t *top = scratch + oy * row_step;
            int8_t *o = buffer + oy * out_w * depth + c;
            ox = 0;
            if (stride_w == 1) {
                for (; ox + 8 <= out_w; ox += 8, o += 8 * depth) {
                    tfg_depthwise_mve_block(&g, top + ox, filter + c, b, multiplier, left, right, o, 8, 1);
                }
            } else {
                for (; ox + 8 <= out_w; ox += 8, o += 8 * depth) {
                    tfg_depthwise_mve_block(&g, top + ox * stride_w, filter + c, b, multiplier, left, right, o, 8, 0);
                }
            }
            if (ox < out_w) {
                tfg_depthwise_mve_block(&g, top + ox * stride_w, filter + c, b, multiplier, left, right, o,
                                        out_w - ox, 0);
            }
        }
    }
}
#endif /* TFG_DEPTHWISE_MVE */

#ifdef TFG_AVX2
/* Bytes of the stack ring of saved input rows (rows of a block's channels) the AVX2 in-place path keeps. */
#define TFG_DW_AVX2_RING 16384

/*
 * The rows of input a block must hold while output row oy is computed and written: from lo (the lowest row this
 * and later outputs read) to hi (the highest this row reads, or overwrites: output pixel p lands on input
 * pixel p).
 */
static void tfg_depthwise_avx2_rows(const tfg_conv_params *params, const tfg_dims *input_dims,
                                    const tfg_dims *filter_dims, const tfg_dims *output_dims, int32_t oy,
                                    int32_t *lo, int32_t *hi)
{
    const int32_t first = oy * params->stride_h - params->pad_top;
    const int32_t reads = first + (filter_dims->h - 1) * params->dilation_h;
    const int32_t writes = ((oy + 1) * output_dims->w - 1) / input_dims->w;
    const int32_t top = reads > writes ? reads : writes;
    *lo = first < 0 ? 0 : first;
    *hi = top < input_dims->h - 1 ? top : input_dims->h - 1;
}

/*
 * Channels [c0, c0 + width) of the AVX2 in-place path, writing those from c0 + skip: output rows in order, each
 * computed from a ring of saved input rows (the block's channels only) on the stack, rows saved before any output
 * overwrites them and dropped once no later output reads them. ring_rows: rows the ring holds (checked by the
 * caller to be enough).
 */
static void tfg_depthwise_inplace_avx2_block(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                             const tfg_dims *input_dims, const tfg_dims *filter_dims,
                                             const int8_t *filter, const int32_t *bias, const tfg_dims *output_dims,
                                             int8_t *buffer, int32_t ring_rows, int32_t c0, int32_t skip,
                                             int32_t width)
{
    const int32_t in_h = input_dims->h, in_w = input_dims->w, depth = input_dims->c;
    const int32_t out_h = output_dims->h, out_w = output_dims->w;
    const int8_t *rows[TFG_DW_AVX2_MAX_TAPS];
    int8_t ring[TFG_DW_AVX2_RING];
    tfg_dw_avx2_block blk;
    int32_t oy, ky, p, lo, hi, r;
    int32_t saved = -1;
    tfg_dw_avx2_prepare(&blk, params, quant, filter_dims, filter, bias, depth, c0, skip, width);
    for (oy = 0; oy < out_h; ++oy) {
        int8_t *out = buffer + oy * out_w * depth + c0;
        tfg_depthwise_avx2_rows(params, input_dims, filter_dims, output_dims, oy, &lo, &hi);
        for (r = saved + 1 > lo ? saved + 1 : lo; r <= hi; ++r) {
            int8_t *dst = ring + (r % ring_rows) * in_w * width;
            const int8_t *src = buffer + r * in_w * depth + c0;
            for (p = 0; p < in_w; ++p) {
                memcpy(dst + p * width, src + p * depth, (size_t)width);
            }
        }
        saved = hi > saved ? hi : saved;
        for (ky = 0; ky < filter_dims->h; ++ky) {
            const int32_t iy = oy * params->stride_h - params->pad_top + ky * params->dilation_h;
            rows[ky] = iy < 0 || iy >= in_h ? 0 : ring + (iy % ring_rows) * in_w * width;
        }
        if (width == 8) {
            tfg_dw_avx2_row8(&blk, params, filter_dims, rows, in_w, 8, out_w, out, depth, skip != 0);
        } else if (skip) {
            tfg_dw_avx2_row(&blk, params, filter_dims, rows, in_w, 16, out_w, out, depth, 1);
        } else {
            tfg_dw_avx2_row(&blk, params, filter_dims, rows, in_w, 16, out_w, out, depth, 0);
        }
    }
}

/*
 * The AVX2 in-place path: blocks of sixteen channels (eight for a depth below 16;
 * tfg_depthwise_inplace_avx2_block), each writing only its own channels, so the other blocks' input stays. When the
 * depth is not a multiple of the width, a block over the last channels runs first and writes the channels after the other blocks (the ones it shares with the block
 * before are still input then). Returns 0 (nothing written) when the ring cannot hold the rows a block needs at
 * once.
 */
static int tfg_depthwise_inplace_avx2(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                      const tfg_dims *input_dims, const tfg_dims *filter_dims, const int8_t *filter,
                                      const int32_t *bias, const tfg_dims *output_dims, int8_t *buffer)
{
    const int32_t depth = input_dims->c;
    const int32_t width = tfg_dw_avx2_width(depth);
    const int32_t blocks = depth - depth % width;
    const int32_t ring_rows = TFG_DW_AVX2_RING / (width * input_dims->w);
    int32_t c0, oy, lo, hi;
    if (ring_rows == 0) {
        return 0;
    }
    for (oy = 0; oy < output_dims->h; ++oy) {
        tfg_depthwise_avx2_rows(params, input_dims, filter_dims, output_dims, oy, &lo, &hi);
        if (hi - lo + 1 > ring_rows) {
            return 0;
        }
    }
    if (blocks < depth) {
        tfg_depthwise_inplace_avx2_block(params, quant, input_dims, filter_dims, filter, bias, output_dims, buffer,
                                         ring_rows, depth - width, width - (depth - blocks), width);
    }
    for (c0 = 0; c0 < blocks; c0 += width) {
        tfg_depthwise_inplace_avx2_block(params, quant, input_dims, filter_dims, filter, bias, output_dims, buffer,
                                         ring_rows, c0, 0, width);
    }
    return 1;
}
#endif /* TFG_AVX2 */

void tfg_depthwise_conv2d_inplace_s8(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                     const tfg_dims *input_dims, const tfg_dims *filter_dims,
                                     const int8_t *filter, const int32_t *bias, const tfg_dims *output_dims,
                                     int8_t *buffer, int8_t *scratch, int32_t scratch_bytes)
{
    const int32_t in_h = input_dims->h;
    const int32_t in_w = input_dims->w;
    const int32_t depth = input_dims->c;
    int32_t c, p, oy, ox;

#ifdef TFG_AVX2
    if (tfg_dw_avx2_applies(params, quant, filter_dims, depth)
        && tfg_depthwise_inplace_avx2(params, quant, input_dims, filter_dims, filter, bias, output_dims, buffer)) {
        return;
    }
#endif
#ifdef TFG_DEPTHWISE_MVE
    if (scratch_bytes >= tfg_depthwise_conv2d_inplace_s8_get_buffer_size(input_dims, filter_dims, output_dims,
                                                                         params->stride_h, params->stride_w,
                                                                         params->dilation_h, params->dilation_w)
        && tfg_depthwise_mve_applies(quant, depth) && tfg_depthwise_mve_wins(params, filter_dims, output_dims)) {
        tfg_depthwise_inplace_mve(params, quant, input_dims, filter_dims, filter, bias, output_dims, buffer, scratch);
        return;
    }
#endif
#ifdef TFG_DEPTHWISE_DSP
    if (scratch_bytes >= tfg_depthwise_conv2d_inplace_s8_get_buffer_size(input_dims, filter_dims, output_dims,
                                                                         params->stride_h, params->stride_w,
                                                                         params->dilation_h, params->dilation_w)) {
        if (params->dilation_h == 1 && params->dilation_w == 1 && filter_dims->h <= TFG_DEPTHWISE_KXK_MAX
            && filter_dims->w <= TFG_DEPTHWISE_KXK_MAX && (filter_dims->h != 3 || filter_dims->w != 3)) {
            tfg_depthwise_inplace_kxk(params, quant, input_dims, filter_dims, filter, bias, output_dims, buffer,
                                      scratch);
            return;
        }
        tfg_depthwise_inplace_dsp(params, quant, input_dims, filter_dims, filter, bias, output_dims, buffer, scratch);
        return;
    }
#else
    (void)scratch_bytes;
#endif
#ifdef TFG_V6M
    if (tfg_multipliers_v6m(quant->multiplier, depth)) {
        /* the plain path's saved channel, biased by 128 (TFG_PLANE_V6M), then tfg_depthwise_channel_v6m over it */
        for (c = 0; c < depth; ++c) {
            const int8_t *src = buffer + c;
            for (p = 0; p < in_h * in_w; ++p) {
                scratch[p] = (int8_t)(*src ^ 0x80);
                src += depth;
            }
            tfg_depthwise_channel_v6m(params, filter_dims, in_h, in_w, scratch, 1, 128, filter + c, depth,
                                      bias != 0 ? bias[c] : 0, quant->multiplier[c], quant->shift[c], output_dims,
                                      buffer + c, depth);
        }
        return;
    }
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
