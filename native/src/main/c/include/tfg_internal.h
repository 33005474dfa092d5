/* Helpers shared by TinyForge kernels; not part of the public API. */
#ifndef TFG_INTERNAL_H
#define TFG_INTERNAL_H

#include <math.h> /* fabsf, which compilers inline: no libm is linked */

#include "tfg_kernels.h"

/* Index of element (b, y, x, c) of an NHWC tensor broadcast to a larger shape: size-1 dimensions repeat. */
static inline int32_t tfg_broadcast_index(const tfg_dims *d, int32_t b, int32_t y, int32_t x, int32_t c)
{
    b = d->n == 1 ? 0 : b;
    y = d->h == 1 ? 0 : y;
    x = d->w == 1 ? 0 : x;
    c = d->c == 1 ? 0 : c;
    return ((b * d->h + y) * d->w + x) * d->c + c;
}

/*
 * TFLite's MultiplyByQuantizedMultiplier (double rounding), inlined for per-element kernels (ADD, MUL) where
 * the out-of-line call was most of the cost; tfg_multiply_by_quantized_multiplier is this same function.
 */
static inline int32_t tfg_requantize_inline(int32_t x, int32_t multiplier, int32_t shift)
{
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = shift > 0 ? 0 : -shift;
    /* Shift through uint32_t: wraps like the reference's int32 multiply, without undefined behaviour. */
    const int32_t shifted = (int32_t)((uint32_t)x << left);
    int32_t high;
    int32_t mask;
    int32_t remainder;
    int32_t threshold;
    /* High 32 bits of 2*a*b, rounded to nearest, saturating the single overflow case. */
    if (shifted == multiplier && shifted == INT32_MIN) {
        high = INT32_MAX;
    } else {
        const int64_t ab = (int64_t)shifted * (int64_t)multiplier;
        const int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
        /* C99 division truncates toward zero, as the reference requires. */
        high = (int32_t)((ab + nudge) / ((int64_t)1 << 31));
    }
    /* high / 2^right rounded to nearest, ties away from zero. */
    mask = (int32_t)(((int64_t)1 << right) - 1);
    remainder = high & mask;
    threshold = (mask >> 1) + (high < 0 ? 1 : 0);
    return (high >> right) + (remainder > threshold ? 1 : 0);
}

/*
 * One output channel's requantization constants, worked out once per channel instead of once per output,
 * for kernels whose outputs are far more numerous than their channels (the Cortex-M depthwise paths).
 */
typedef struct {
    int32_t multiplier;
    int32_t left;      /* left shift before the multiply */
    int32_t right;     /* rounding right shift after it */
    int32_t mask;      /* (1 << right) - 1 */
    int32_t half_mask; /* mask >> 1 */
} tfg_requant_const;

static inline tfg_requant_const tfg_requant_prepare(int32_t multiplier, int32_t shift)
{
    tfg_requant_const k;
    k.multiplier = multiplier;
    k.left = shift > 0 ? shift : 0;
    k.right = shift > 0 ? 0 : -shift;
    k.mask = (int32_t)(((int64_t)1 << k.right) - 1);
    k.half_mask = k.mask >> 1;
    return k;
}

/*
 * tfg_requantize_inline(x, multiplier, shift) for every multiplier except INT32_MIN (callers check; TFLite's
 * multipliers lie in [2^30, 2^31)). The doubling high multiply is floor((a * b + 2^30) / 2^31): for a * b >= 0
 * that is the reference's nudge-and-truncate, and for a * b = -n < 0 the reference's
 * -floor((n + 2^30 - 1) / 2^31) equals it too; the one product it cannot hold, INT32_MIN * INT32_MIN, needs
 * multiplier INT32_MIN. On ARM this is one SMLAL and two shifts instead of a call.
 */
static inline int32_t tfg_requant_apply(int32_t x, const tfg_requant_const *k)
{
    const int32_t shifted = (int32_t)((uint32_t)x << k->left);
    const int32_t high = (int32_t)(((int64_t)shifted * k->multiplier + ((int64_t)1 << 30)) >> 31);
    const int32_t remainder = high & k->mask;
    const int32_t threshold = k->half_mask + (int32_t)((uint32_t)high >> 31);
    return (high >> k->right) + (remainder > threshold ? 1 : 0);
}

/* Whether two NHWC shapes are the same (an elementwise op with them needs no broadcasting). */
static inline int tfg_same_dims(const tfg_dims *a, const tfg_dims *b)
{
    return a->n == b->n && a->h == b->h && a->w == b->w && a->c == b->c;
}

/*
 * One DEPTHWISE_CONV_2D output value: output channel oc at (oy, ox), reading one input channel whose
 * pixel (y, x) is channel[(y * in_w + x) * pixel_stride]. The plain kernel passes the NHWC tensor
 * (stride = depth), the in-place kernel its saved copy of the channel (stride 1).
 */
static inline int8_t tfg_depthwise_value(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                         const int8_t *channel, int32_t pixel_stride, int32_t in_h, int32_t in_w,
                                         const tfg_dims *filter_dims, const int8_t *filter, const int32_t *bias,
                                         int32_t oc, int32_t oy, int32_t ox)
{
    const int32_t k_h = filter_dims->h;
    const int32_t k_w = filter_dims->w;
    const int32_t out_c = filter_dims->c;
    int32_t acc = 0;
    int32_t ky, kx;
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
                   * ((int32_t)channel[(iy * in_w + ix) * pixel_stride] + params->input_offset);
        }
    }
    if (bias != 0) {
        acc += bias[oc];
    }
    acc = tfg_multiply_by_quantized_multiplier(acc, quant->multiplier[oc], quant->shift[oc]);
    acc += params->output_offset;
    acc = acc < params->act_min ? params->act_min : acc;
    acc = acc > params->act_max ? params->act_max : acc;
    return (int8_t)acc;
}

#if defined(__ARM_FEATURE_DSP) && defined(__ARM_FEATURE_SIMD32)
/*
 * Helpers of the Cortex-M DSP paths (ARMv7E-M, ARMv8-M Mainline with DSP): TFG_DSP says they exist.
 * The rotating forms are inline assembly because GCC 12 does not fold a rotation into SXTB16/SXTAB16.
 */
#define TFG_DSP 1
#include <arm_acle.h>
#include <string.h>

/* Four int8 values from any address (Cortex-M4/M7/M33/M55 load unaligned words). */
static inline uint32_t tfg_load4(const int8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Bytes 1 and 3 of x sign-extended to two 16-bit halves. */
static inline int32_t tfg_sxtb16_ror8(uint32_t x)
{
    int32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
}

/* Bytes 1 and 3 of x sign-extended and added to the 16-bit halves of a. */
static inline int32_t tfg_sxtab16_ror8(int32_t a, uint32_t x)
{
    int32_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
    return r;
}

/*
 * Marks a function taking constant flags whose every call site should get its own copy with the flags folded
 * (the DSP paths' variants for a full int8 clamp or a short requantization), which GCC's -O2 does not do by
 * itself for functions this size.
 */
#if defined(__GNUC__)
#define TFG_SPECIALISE __attribute__((always_inline)) inline
#else
#define TFG_SPECIALISE inline
#endif

/* (a * b + 2^31) >> 32, the rounded high word of the product (GCC 12 has no ACLE intrinsic for SMMULR). */
static inline int32_t tfg_smmulr(int32_t a, int32_t b)
{
    int32_t r;
    __asm__("smmulr %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}

/* The input offset in both 16-bit halves, for SXTAB16. */
static inline int32_t tfg_offset2(int32_t input_offset)
{
    return (int32_t)(((uint32_t)(uint16_t)input_offset << 16) | (uint16_t)input_offset);
}
#endif

/*
 * round(x / scale) half away from zero as TFLite's built-in QUANTIZE computes it (dividing in double
 * precision), but in single precision, so that a core with a single-precision FPU (Cortex-M4, M7) takes
 * about 20 instructions per element instead of a software double division. Shared by the float -> int8
 * and float -> int16 kernels.
 *
 * Why it is exact: q = x / scale in float is the exact quotient Q correctly rounded, and rounding is
 * monotonic, so q and double(Q) lie on the same side of every half-integer h (h is a float below 2^22);
 * double(Q) can equal h with Q != h only if float(Q) equals h too. Hence round(q) is TFLite's result
 * unless q is exactly a half-integer. q is rounded to the nearest integer t with the 1.5 * 2^23 trick
 * (exact for |q| < 2^22) and t is kept when |q - t| < 0.5 (q - t is exact there); ties, NaN and
 * |q| >= 2^22 (saturated anyway) go to tfg_quantize_round_exact_f32, the double computation.
 */
#if defined(__GNUC__)
#define TFG_QUANTIZE_USUALLY(c) __builtin_expect(!!(c), 1) /* keeps the exact path's set-up out of the loop */
#else
#define TFG_QUANTIZE_USUALLY(c) (c)
#endif

static inline int32_t tfg_quantize_round_f32(float x, float scale)
{
    const float magic = 12582912.0f; /* 1.5 * 2^23: q + magic has no fraction bits left */
    const float q = x / scale;
    const float t = (q + magic) - magic; /* q rounded to an integer (ties to even) */
    if (TFG_QUANTIZE_USUALLY(fabsf(q) < 4194304.0f && fabsf(q - t) < 0.5f)) {
        return (int32_t)t;
    }
    return tfg_quantize_round_exact_f32(x, scale);
}

#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
/*
 * Helpers of the Helium (MVE) paths of the Cortex-M55: TFG_MVE says they exist.
 */
#define TFG_MVE 1
#include <arm_mve.h>

/*
 * TFLite's MultiplyByQuantizedMultiplier (gemmlowp: tfg_requantize_inline) on four lanes, for a multiplier other
 * than INT32_MIN, left = max(shift, 0) and right = max(-shift, 0) at most 31: VSHL wraps as the reference's int32
 * product does; VQRDMULH is SaturatingRoundingDoublingHighMul bit for bit (floor((a * m + 2^30) / 2^31), which
 * equals the nudge-and-truncate for either sign: for a * m = -n < 0 both are -floor((n + 2^30 - 1) / 2^31), and it
 * saturates in the same single case); RoundingDivideByPOT (half away from zero) is (h - [h < 0] + 2^(r - 1)) >> r,
 * VRSHL adding the half step without overflow, the subtraction saturating (at h = INT32_MIN it leaves the result
 * unchanged: both sides are -2^(31 - r)).
 */
static inline int32x4_t tfg_mve_requantize(int32x4_t v, int32_t multiplier, int32_t left, int32_t right)
{
    v = vshlq_r_s32(v, left);
    v = vqrdmulhq_n_s32(v, multiplier);
    if (right > 0) {
        v = vqaddq_s32(v, vshrq_n_s32(v, 31));
        v = vrshlq_n_s32(v, -right);
    }
    return v;
}
#endif

#endif /* TFG_INTERNAL_H */
