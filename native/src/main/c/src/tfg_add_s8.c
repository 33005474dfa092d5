/*
 * ADD int8 with broadcasting (TFLite's integer Add: common scale with left_shift bits of headroom). On a core
 * with the DSP extension the elementwise case requantizes with SMMULR (tfg_add_s8_dsp), bit for bit the same.
 */
#include "tfg_internal.h"

#ifdef TFG_DSP

/*
 * One step of TFLite's requantization by SMMULR for a doubled value a2 = 2 * v with |v| < 2^29 and a
 * multiplier other than INT32_MIN: the reference's high word floor((v * m + 2^30) / 2^31) is exactly
 * SMMULR(a2, m), |high| <= |v| so adding the half step cannot overflow, and the rounding shift by right >= 0
 * (half = 2^(right-1) or 0, away = 1 or 0 as right > 0) is (high + half - away * [high < 0]) >> right.
 */
static inline int32_t tfg_add_short_requant(int32_t a2, int32_t multiplier, int32_t half, int32_t away,
                                            int32_t right)
{
    const int32_t high = tfg_smmulr(a2, multiplier);
    return (high + half - ((int32_t)((uint32_t)high >> 31) & away)) >> right;
}

/* Whether a multiplier and shift suit tfg_add_short_requant (right shift 0..31, not INT32_MIN). */
static int tfg_add_short_ok(int32_t multiplier, int32_t shift)
{
    return multiplier != INT32_MIN && shift <= 0 && shift >= -31;
}

/*
 * The elementwise ADD on a core with the DSP extension, when left_shift <= 20 (so each shifted input,
 * (offset + x) << left_shift with |offset + x| <= 255, stays below 2^28 and their sum below 2^29) and every
 * shift is a right shift (TFLite's input multipliers are at most 1/2; the output's is checked). The three
 * requantizations are SMMULR and three or four instructions each instead of a 64-bit multiply with its
 * rounding; the doubling SMMULR needs is folded into the input shift. full: act_min -128 and act_max 127, the
 * clamp as one SSAT.
 */
static TFG_SPECIALISE void tfg_add_s8_dsp(const tfg_add_params *params, const int8_t *input1,
                                              const int8_t *input2, int8_t *output, int32_t n, int full)
{
    const int32_t shift = params->left_shift + 1;
    const int32_t offset1 = (int32_t)((uint32_t)params->input1_offset << shift);
    const int32_t offset2 = (int32_t)((uint32_t)params->input2_offset << shift);
    const int32_t m1 = params->input1_multiplier;
    const int32_t r1 = -params->input1_shift;
    const int32_t h1 = r1 > 0 ? 1 << (r1 - 1) : 0;
    const int32_t a1 = r1 > 0 ? 1 : 0;
    const int32_t m2 = params->input2_multiplier;
    const int32_t r2 = -params->input2_shift;
    const int32_t h2 = r2 > 0 ? 1 << (r2 - 1) : 0;
    const int32_t a2 = r2 > 0 ? 1 : 0;
    const int32_t mo = params->output_multiplier;
    const int32_t ro = -params->output_shift;
    const int32_t ho = ro > 0 ? 1 << (ro - 1) : 0;
    const int32_t ao = ro > 0 ? 1 : 0;
    const int32_t output_offset = params->output_offset;
    const int32_t act_min = params->act_min;
    const int32_t act_max = params->act_max;
    int32_t i;
    for (i = 0; i < n; ++i) {
        const int32_t s1 = tfg_add_short_requant(offset1 + (int32_t)((uint32_t)(int32_t)input1[i] << shift), m1, h1,
                                                 a1, r1);
        const int32_t s2 = tfg_add_short_requant(offset2 + (int32_t)((uint32_t)(int32_t)input2[i] << shift), m2, h2,
                                                 a2, r2);
        int32_t out = tfg_add_short_requant(2 * (s1 + s2), mo, ho, ao, ro) + output_offset;
        if (full) {
            out = __ssat(out, 8);
        } else {
            out = out < act_min ? act_min : out;
            out = out > act_max ? act_max : out;
        }
        output[i] = (int8_t)out;
    }
}

#endif /* TFG_DSP */

#ifdef TFG_V6M
/*
 * The elementwise ADD on ARMv6-M (Cortex-M0/M0+), every multiplier >= 0: the three requantizations per element
 * by tfg_requant_apply_v6m (four 16-bit products each) with constants prepared once, instead of a library 64-bit
 * multiply and its shifts. Same values as tfg_requantize_inline, so the same bytes.
 */
static void tfg_add_s8_v6m(const tfg_add_params *params, const int8_t *input1, const int8_t *input2,
                           int8_t *output, int32_t n)
{
    const tfg_requant_const k1 = tfg_requant_prepare(params->input1_multiplier, params->input1_shift);
    const tfg_requant_const k2 = tfg_requant_prepare(params->input2_multiplier, params->input2_shift);
    const tfg_requant_const ko = tfg_requant_prepare(params->output_multiplier, params->output_shift);
    const uint32_t m1 = 2u * (uint32_t)params->input1_multiplier;
    const uint32_t m2 = 2u * (uint32_t)params->input2_multiplier;
    const uint32_t mo = 2u * (uint32_t)params->output_multiplier;
    const int32_t left = params->left_shift;
    const int32_t offset1 = params->input1_offset;
    const int32_t offset2 = params->input2_offset;
    const int32_t output_offset = params->output_offset;
    const int32_t act_min = params->act_min;
    const int32_t act_max = params->act_max;
    int32_t i;
    for (i = 0; i < n; ++i) {
        const int32_t s1 = tfg_requant_apply_v6m((int32_t)((uint32_t)(offset1 + input1[i]) << left), &k1,
                                                 m1 & 0xFFFFu, m1 >> 16);
        const int32_t s2 = tfg_requant_apply_v6m((int32_t)((uint32_t)(offset2 + input2[i]) << left), &k2,
                                                 m2 & 0xFFFFu, m2 >> 16);
        int32_t out = tfg_requant_apply_v6m(s1 + s2, &ko, mo & 0xFFFFu, mo >> 16) + output_offset;
        out = out < act_min ? act_min : out;
        out = out > act_max ? act_max : out;
        output[i] = (int8_t)out;
    }
}
#endif
#ifdef TFG_MVE
#define TFG_ADD_MVE 1

/* Whether a multiplier and shift suit tfg_mve_requantize. */
static int tfg_add_mve_ok(int32_t multiplier, int32_t shift)
{
    return multiplier != INT32_MIN && shift <= 31 && shift >= -31;
}

/* Four elements at once: TFLite's three requantizations by tfg_mve_requantize, offset and clamp. */
static inline int32x4_t tfg_add_mve_lanes(const tfg_add_params *params, int32x4_t x1, int32x4_t x2)
{
    const int32_t s1 = params->input1_shift;
    const int32_t s2 = params->input2_shift;
    const int32_t so = params->output_shift;
    int32x4_t v1 = vshlq_r_s32(vaddq_n_s32(x1, params->input1_offset), params->left_shift);
    int32x4_t v2 = vshlq_r_s32(vaddq_n_s32(x2, params->input2_offset), params->left_shift);
    v1 = tfg_mve_requantize(v1, params->input1_multiplier, s1 > 0 ? s1 : 0, s1 > 0 ? 0 : -s1);
    v2 = tfg_mve_requantize(v2, params->input2_multiplier, s2 > 0 ? s2 : 0, s2 > 0 ? 0 : -s2);
    v1 = tfg_mve_requantize(vaddq_s32(v1, v2), params->output_multiplier, so > 0 ? so : 0, so > 0 ? 0 : -so);
    v1 = vaddq_n_s32(v1, params->output_offset);
    return vminq_s32(vmaxq_s32(v1, vdupq_n_s32(params->act_min)), vdupq_n_s32(params->act_max));
}

/*
 * The elementwise ADD on a Helium core (Cortex-M55), chosen before the DSP path: four elements per vector of 32-bit
 * lanes (VLDRB.S32 widens the bytes), TFLite's arithmetic exactly for any left shift and any shifts within +-31
 * (tfg_mve_requantize), the last n % 4 elements by predicated loads and store. In place (output over an input)
 * each vector's bytes are read before they are written.
 */
static void tfg_add_s8_mve(const tfg_add_params *params, const int8_t *input1, const int8_t *input2, int8_t *output,
                           int32_t n)
{
    int32_t i;
    for (i = 0; i + 4 <= n; i += 4) {
        vstrbq_s32(output + i, tfg_add_mve_lanes(params, vldrbq_s32(input1 + i), vldrbq_s32(input2 + i)));
    }
    if (i < n) {
        const mve_pred16_t p = vctp32q((uint32_t)(n - i));
        vstrbq_p_s32(output + i, tfg_add_mve_lanes(params, vldrbq_z_s32(input1 + i, p), vldrbq_z_s32(input2 + i, p)),
                     p);
    }
}
#endif /* TFG_MVE */

#ifdef TFG_AVX2
/*
 * The AVX2 path of the elementwise ADD: four elements per step through the plain path's arithmetic, each of its
 * three requantizations by tfg_avx2_requant_gemmlowp4 (TFLite's value exactly, see tfg_internal.h), the inputs
 * widened to 32 bits, offset and shifted left by left_shift (at most 20: (x + offset) * 2^20 fits, the plain
 * path's product and this shift are the same value), the last n % 4 elements by the plain loop's arithmetic.
 */
static void tfg_add_s8_avx2(const tfg_add_params *params, const int8_t *input1, const int8_t *input2,
                            int8_t *output, int32_t n)
{
    const int32_t m1[4] = {params->input1_multiplier, params->input1_multiplier, params->input1_multiplier,
                           params->input1_multiplier};
    const int32_t s1[4] = {params->input1_shift, params->input1_shift, params->input1_shift, params->input1_shift};
    const int32_t m2[4] = {params->input2_multiplier, params->input2_multiplier, params->input2_multiplier,
                           params->input2_multiplier};
    const int32_t s2[4] = {params->input2_shift, params->input2_shift, params->input2_shift, params->input2_shift};
    const int32_t mo[4] = {params->output_multiplier, params->output_multiplier, params->output_multiplier,
                           params->output_multiplier};
    const int32_t so[4] = {params->output_shift, params->output_shift, params->output_shift, params->output_shift};
    const tfg_avx2_gemmlowp k1 = tfg_avx2_gemmlowp_prepare4(m1, s1);
    const tfg_avx2_gemmlowp k2 = tfg_avx2_gemmlowp_prepare4(m2, s2);
    const tfg_avx2_gemmlowp ko = tfg_avx2_gemmlowp_prepare4(mo, so);
    const __m128i off1 = _mm_set1_epi32(params->input1_offset);
    const __m128i off2 = _mm_set1_epi32(params->input2_offset);
    const __m128i left = _mm_cvtsi32_si128(params->left_shift);
    const __m128i output_offset = _mm_set1_epi32(params->output_offset);
    const __m128i act_min = _mm_set1_epi32(params->act_min);
    const __m128i act_max = _mm_set1_epi32(params->act_max);
    int32_t i;
    for (i = 0; i + 4 <= n; i += 4) {
        int32_t w1, w2;
        __m128i x1, x2, v;
        memcpy(&w1, input1 + i, 4);
        memcpy(&w2, input2 + i, 4);
        x1 = _mm_sll_epi32(_mm_add_epi32(_mm_cvtepi8_epi32(_mm_cvtsi32_si128(w1)), off1), left);
        x2 = _mm_sll_epi32(_mm_add_epi32(_mm_cvtepi8_epi32(_mm_cvtsi32_si128(w2)), off2), left);
        v = _mm_add_epi32(tfg_avx2_requant_gemmlowp4(x1, &k1), tfg_avx2_requant_gemmlowp4(x2, &k2));
        tfg_avx2_store4(tfg_avx2_requant_gemmlowp4(v, &ko), output_offset, act_min, act_max, output + i);
    }
    for (; i < n; ++i) {
        const int32_t r1 = tfg_requantize_inline((params->input1_offset + input1[i]) * (1 << params->left_shift),
                                                 params->input1_multiplier, params->input1_shift);
        const int32_t r2 = tfg_requantize_inline((params->input2_offset + input2[i]) * (1 << params->left_shift),
                                                 params->input2_multiplier, params->input2_shift);
        int32_t out = tfg_requantize_inline(r1 + r2, params->output_multiplier, params->output_shift)
                      + params->output_offset;
        out = out < params->act_min ? params->act_min : out;
        out = out > params->act_max ? params->act_max : out;
        output[i] = (int8_t)out;
    }
}
#endif /* TFG_AVX2 */

void tfg_add_s8(const tfg_add_params *params, const tfg_dims *input1_dims, const int8_t *input1,
                const tfg_dims *input2_dims, const int8_t *input2, const tfg_dims *output_dims,
                int8_t *output)
{
    int32_t b, y, x, c;
    int32_t i = 0;
    if (tfg_same_dims(input1_dims, output_dims) && tfg_same_dims(input2_dims, output_dims)) {
        /* Elementwise (the residual adds of a network): no broadcast indexing, requantization inlined. */
        const int32_t n = output_dims->n * output_dims->h * output_dims->w * output_dims->c;
#ifdef TFG_AVX2
        if (params->left_shift >= 0 && params->left_shift <= 20
            && tfg_avx2_gemmlowp_fits(params->input1_multiplier, params->input1_shift)
            && tfg_avx2_gemmlowp_fits(params->input2_multiplier, params->input2_shift)
            && tfg_avx2_gemmlowp_fits(params->output_multiplier, params->output_shift)) {
            tfg_add_s8_avx2(params, input1, input2, output, n);
            return;
        }
#endif
#ifdef TFG_ADD_MVE
        if (params->left_shift >= 0 && params->left_shift <= 31
            && tfg_add_mve_ok(params->input1_multiplier, params->input1_shift)
            && tfg_add_mve_ok(params->input2_multiplier, params->input2_shift)
            && tfg_add_mve_ok(params->output_multiplier, params->output_shift)) {
            tfg_add_s8_mve(params, input1, input2, output, n);
            return;
        }
#endif
#ifdef TFG_DSP
        if (params->left_shift >= 0 && params->left_shift <= 20
            && tfg_add_short_ok(params->input1_multiplier, params->input1_shift)
            && tfg_add_short_ok(params->input2_multiplier, params->input2_shift)
            && tfg_add_short_ok(params->output_multiplier, params->output_shift)) {
            if (params->act_min == -128 && params->act_max == 127) {
                tfg_add_s8_dsp(params, input1, input2, output, n, 1);
            } else {
                tfg_add_s8_dsp(params, input1, input2, output, n, 0);
            }
            return;
        }
#endif
#ifdef TFG_V6M
        if (params->input1_multiplier >= 0 && params->input2_multiplier >= 0 && params->output_multiplier >= 0) {
            tfg_add_s8_v6m(params, input1, input2, output, n);
            return;
        }
#endif
        for (i = 0; i < n; ++i) {
            const int32_t s1 = tfg_requantize_inline((params->input1_offset + input1[i]) * (1 << params->left_shift),
                                                     params->input1_multiplier, params->input1_shift);
            const int32_t s2 = tfg_requantize_inline((params->input2_offset + input2[i]) * (1 << params->left_shift),
                                                     params->input2_multiplier, params->input2_shift);
            int32_t out = tfg_requantize_inline(s1 + s2, params->output_multiplier, params->output_shift)
                          + params->output_offset;
            out = out < params->act_min ? params->act_min : out;
            out = out > params->act_max ? params->act_max : out;
            output[i] = (int8_t)out;
        }
        return;
    }
    for (b = 0; b < output_dims->n; ++b) {
        for (y = 0; y < output_dims->h; ++y) {
            for (x = 0; x < output_dims->w; ++x) {
                for (c = 0; c < output_dims->c; ++c) {
                    const int32_t v1 = params->input1_offset + input1[tfg_broadcast_index(input1_dims, b, y, x, c)];
                    const int32_t v2 = params->input2_offset + input2[tfg_broadcast_index(input2_dims, b, y, x, c)];
                    const int32_t s1 = tfg_multiply_by_quantized_multiplier(v1 * (1 << params->left_shift),
                                                                            params->input1_multiplier,
                                                                            params->input1_shift);
                    const int32_t s2 = tfg_multiply_by_quantized_multiplier(v2 * (1 << params->left_shift),
                                                                            params->input2_multiplier,
                                                                            params->input2_shift);
                    int32_t out = tfg_multiply_by_quantized_multiplier(s1 + s2, params->output_multiplier,
                                                                       params->output_shift)
                                  + params->output_offset;
                    out = out < params->act_min ? params->act_min : out;
                    out = out > params->act_max ? params->act_max : out;
                    output[i++] = (int8_t)out;
                }
            }
        }
    }
}
