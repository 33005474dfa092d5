/*
 * FULLY_CONNECTED int8: TFLite's accumulation (weights symmetric), ruy's rounding.
 *
 * On a core with the DSP extension (TFG_DSP) the sums of two output channels run together over the row,
 * 4 depths at a time: the input word widened once with its offset (SXTAB16 and its rotated form), each
 * weight word widened by SXTB16, 4 SMLAD, so one input load serves both channels. The sums are the plain
 * loop's in another order (integer addition) and requantization is the same call, so the bytes are the
 * same. No scratch: the input is widened in registers.
 */
#include "tfg_internal.h"

static int8_t tfg_fully_connected_requantize(int32_t acc, int32_t o, int32_t q, int32_t output_offset,
                                             const int32_t *multiplier, const int32_t *shift, int32_t act_min,
                                             int32_t act_max, const int32_t *bias)
{
    if (bias != 0) {
        acc += bias[o];
    }
    acc = tfg_multiply_by_quantized_multiplier_ruy(acc, multiplier[q], shift[q]);
    acc += output_offset;
    acc = acc < act_min ? act_min : acc;
    acc = acc > act_max ? act_max : acc;
    return (int8_t)acc;
}

#ifdef TFG_DSP
/* The sums of weight rows w and w + cin over input row x (offset added), out[0] and out[1]. */
static void tfg_fully_connected_dot2(const int8_t *x, const int8_t *w, int32_t cin, int32_t input_offset,
                                     int32_t *out)
{
    const int32_t offset2 = tfg_offset2(input_offset);
    const int8_t *end = x + (cin & ~3);
    int32_t a0 = 0, a1 = 0;
    int32_t i;
    while (x != end) {
        const uint32_t xv = tfg_load4(x);
        const uint32_t w0 = tfg_load4(w);
        const uint32_t w1 = tfg_load4(w + cin);
        const int32_t xe = __sxtab16(offset2, (int32_t)xv);
        const int32_t xo = tfg_sxtab16_ror8(offset2, xv);
        a0 = __smlad(__sxtb16((int32_t)w0), xe, a0);
        a0 = __smlad(tfg_sxtb16_ror8(w0), xo, a0);
        a1 = __smlad(__sxtb16((int32_t)w1), xe, a1);
        a1 = __smlad(tfg_sxtb16_ror8(w1), xo, a1);
        x += 4;
        w += 4;
    }
    for (i = 0; i < (cin & 3); ++i) {
        const int32_t v = (int32_t)x[i] + input_offset;
        a0 += (int32_t)w[i] * v;
        a1 += (int32_t)w[cin + i] * v;
    }
    out[0] = a0;
    out[1] = a1;
}
#endif

#ifdef TFG_V6M
/*
 * The ARMv6-M path (Cortex-M0/M0+): four output channels per pass over the row (tfg_dot4_v6m: one load of an
 * input byte serves four channels), the sums starting at the bias, then tfg_ruy_output_v6m (the ruy rounding
 * from four 16-bit products). A last block of fewer than four channels overlaps the one before (or repeats the last
 * channel): its duplicates compute the same bytes again. Same sums and rounding as the plain loop.
 */
static void tfg_fully_connected_s8_v6m(int32_t rows, int32_t cin, int32_t cout, int32_t input_offset,
                                       int32_t output_offset, const int32_t *multiplier, const int32_t *shift,
                                       int32_t per_channel, int32_t act_min, int32_t act_max, const int8_t *input,
                                       const int8_t *weights, const int32_t *bias, int8_t *output)
{
    const int32_t last_block = cout >= 4 ? cout - 4 : 0;
    int32_t r, o, j;
    for (r = 0; r < rows; ++r) {
        const int8_t *x = input + r * cin;
        int8_t *out = output + r * cout;
        for (o = 0; o < cout; o += 4) {
            const int32_t base = o < last_block ? o : last_block;
            int32_t ch[4];
            int32_t acc[4];
            for (j = 0; j < 4; ++j) {
                ch[j] = base + j < cout ? base + j : cout - 1;
                acc[j] = bias != 0 ? bias[ch[j]] : 0;
            }
            tfg_dot4_v6m(x, weights + ch[0] * cin, weights + ch[1] * cin, weights + ch[2] * cin,
                         weights + ch[3] * cin, cin, input_offset, acc);
            for (j = 0; j < 4; ++j) {
                const int32_t q = per_channel ? ch[j] : 0;
                out[ch[j]] = tfg_ruy_output_v6m(acc[j], multiplier[q], shift[q], output_offset, act_min, act_max);
            }
        }
    }
}

/*
 * Whether tfg_fully_connected_s8_v6m applies: rows of at least one depth, every multiplier >= 0 with a right shift
 * of at least 2 (tfg_ruy_output_v6m).
 */
static int tfg_fully_connected_v6m_applies(int32_t cin, int32_t cout, const int32_t *multiplier,
                                           const int32_t *shift, int32_t per_channel)
{
    int32_t o;
    if (cin < 1) {
        return 0;
    }
    for (o = 0; o < (per_channel ? cout : 1); ++o) {
        if (!tfg_ruy_fits(multiplier[o], shift[o]) || shift[o] > -2) {
            return 0;
        }
    }
    return 1;
}
#endif

void tfg_fully_connected_s8(int32_t rows, int32_t cin, int32_t cout, int32_t input_offset,
                            int32_t output_offset, const int32_t *multiplier, const int32_t *shift,
                            int32_t per_channel, int32_t act_min, int32_t act_max,
                            const int8_t *input, const int8_t *weights, const int32_t *bias,
                            int8_t *output)
{
    int32_t r, o, i;
#ifdef TFG_V6M
    if (tfg_fully_connected_v6m_applies(cin, cout, multiplier, shift, per_channel)) {
        tfg_fully_connected_s8_v6m(rows, cin, cout, input_offset, output_offset, multiplier, shift, per_channel,
                                   act_min, act_max, input, weights, bias, output);
        return;
    }
#endif
    for (r = 0; r < rows; ++r) {
        const int8_t *x = input + r * cin;
        o = 0;
#ifdef TFG_DSP
        for (; o + 2 <= cout; o += 2) {
            int32_t acc[2];
            tfg_fully_connected_dot2(x, weights + o * cin, cin, input_offset, acc);
            output[r * cout + o] = tfg_fully_connected_requantize(acc[0], o, per_channel ? o : 0, output_offset,
                                                                  multiplier, shift, act_min, act_max, bias);
            output[r * cout + o + 1] = tfg_fully_connected_requantize(
                acc[1], o + 1, per_channel ? o + 1 : 0, output_offset, multiplier, shift, act_min, act_max, bias);
        }
#endif
        for (; o < cout; ++o) {
            const int8_t *w = weights + o * cin;
            int32_t acc = 0;
            for (i = 0; i < cin; ++i) {
                acc += (int32_t)w[i] * ((int32_t)x[i] + input_offset);
            }
            output[r * cout + o] = tfg_fully_connected_requantize(acc, o, per_channel ? o : 0, output_offset,
                                                                  multiplier, shift, act_min, act_max, bias);
        }
    }
}
