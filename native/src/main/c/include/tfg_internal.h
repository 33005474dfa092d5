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

/*
 * ARMv6-M (Cortex-M0/M0+) helpers. That core has a 32 x 32 -> 32 MULS and nothing wider, so the requantization's
 * 64-bit product is a library call (__aeabi_lmul) and the 64-bit shifts and rounding around it are a few dozen
 * more instructions. These compute the same values from four 16 x 16 products. They are plain C and portable
 * (the host tests them against the reference functions); the kernels use them only where TFG_V6M is defined.
 */
#if defined(__ARM_ARCH_6M__)
#define TFG_V6M 1
#endif

/*
 * The high word of x * (mh * 2^16 + ml) + c_hi * 2^32 + c_lo16 * 2^16, for mh, ml, c_lo16 < 2^16, exact
 * whenever the true value fits int32 (all arithmetic is modulo 2^32 otherwise). With x = xh * 2^16 + xl
 * (0 <= xl < 2^16): the four products xl*ml, xl*mh (unsigned, < 2^32) and xh*ml, xh*mh (|.| < 2^31) cannot
 * overflow, u = xl*mh + (xl*ml >> 16) + c_lo16 stays below 2^32, and xh*ml + (u mod 2^16) below 2^31.
 */
static inline int32_t tfg_mul_hi32(int32_t x, uint32_t ml, uint32_t mh, uint32_t c_lo16, uint32_t c_hi)
{
    const uint32_t xl = (uint32_t)x & 0xFFFFu;
    const int32_t xh = x >> 16; /* arithmetic, as on every supported compiler */
    const uint32_t p0 = xl * ml;
    const uint32_t p1 = xl * mh;
    const int32_t p2 = xh * (int32_t)ml;
    const int32_t p3 = xh * (int32_t)mh;
    const uint32_t u = p1 + (p0 >> 16) + c_lo16;
    const int32_t mid = (p2 + (int32_t)(u & 0xFFFFu)) >> 16;
    return (int32_t)((uint32_t)p3 + c_hi + (u >> 16) + (uint32_t)mid);
}

/* One channel's constants for tfg_ruy_apply (tfg_ruy_prepare), the ruy requantization by tfg_mul_hi32. */
typedef struct {
    uint32_t ml;     /* low half of the multiplier (doubled when there is no right shift) */
    uint32_t mh;     /* its high half */
    uint32_t c_lo16; /* the rounding constant's bits 16..31 */
    uint32_t c_hi;   /* its bits 32..63 */
    int32_t left;    /* left shift before the multiply */
    int32_t post;    /* right shift after tfg_mul_hi32 */
} tfg_ruy_const;

/*
 * Whether tfg_ruy_apply holds for a channel: multiplier >= 0 (TFLite's lie in [2^30, 2^31) or are 0) and a
 * right shift of at most 31.
 */
static inline int tfg_ruy_fits(int32_t multiplier, int32_t shift)
{
    return multiplier >= 0 && shift >= -31;
}

/*
 * tfg_multiply_by_quantized_multiplier_ruy(x, m, shift) is floor((floor((x' m + 2^30) / 2^31) + 2^(r-1)) / 2^r)
 * for x' = x << left and a right shift r >= 1, which (nested floors) is floor((x' m + 2^30 + 2^(30+r)) / 2^(31+r))
 * = hi32(x' m + C) >> (r - 1) with C = 2^30 + 2^(30+r): c_lo16 = 0x4000 and c_hi = 2^(r-2) when r >= 2,
 * c_lo16 = 0xC000 and c_hi = 0 when r = 1. Without a right shift it is floor((x' m + 2^30) / 2^31) =
 * hi32(x' (2m) + 2^31): 2m < 2^32 halves into ml, mh.
 */
static inline tfg_ruy_const tfg_ruy_prepare(int32_t multiplier, int32_t shift)
{
    tfg_ruy_const k;
    const uint32_t m = (uint32_t)multiplier;
    k.left = shift > 0 ? shift : 0;
    if (shift >= 0) {
        k.ml = (2u * m) & 0xFFFFu;
        k.mh = (2u * m) >> 16;
        k.c_lo16 = 0x8000u;
        k.c_hi = 0;
        k.post = 0;
    } else {
        k.ml = m & 0xFFFFu;
        k.mh = m >> 16;
        k.c_lo16 = shift == -1 ? 0xC000u : 0x4000u;
        k.c_hi = shift == -1 ? 0 : 1u << (-shift - 2);
        k.post = -shift - 1;
    }
    return k;
}

static inline int32_t tfg_ruy_apply(int32_t x, const tfg_ruy_const *k)
{
    return tfg_mul_hi32((int32_t)((uint32_t)x << k->left), k->ml, k->mh, k->c_lo16, k->c_hi) >> k->post;
}

/*
 * tfg_ruy_apply for a right shift (shift in [-31, -1], the usual case: an effective scale below 1/2) with the
 * constants worked out without a branch: c_hi = 2^r >> 2 (0 when r = 1), c_lo16 = 0x4000, plus 0x8000 when r = 1.
 */
static inline int32_t tfg_ruy_apply_right(int32_t x, int32_t multiplier, int32_t shift)
{
    const int32_t r = -shift;
    const uint32_t bit = 1u << r;
    const uint32_t m = (uint32_t)multiplier;
    return tfg_mul_hi32(x, m & 0xFFFFu, m >> 16, 0x4000u | ((bit & 2u) << 14), bit >> 2) >> (r - 1);
}

/*
 * tfg_ruy_apply_right for a right shift r >= 2 (shift in [-31, -2]) in the form the ARMv6-M assembly
 * (tfg_ruy_right2_v6m) computes: with H = hi32(x m + 2^30), the nested floors give
 * floor((x m + 2^30 + 2^(30+r)) / 2^(31+r)) = floor((H + 2^(r-2)) / 2^(r-1)); |H| < 2^30, so the sum cannot
 * overflow.
 */
static inline int32_t tfg_ruy_apply_right2(int32_t x, int32_t multiplier, int32_t shift)
{
    const uint32_t m = (uint32_t)multiplier;
    const int32_t high = tfg_mul_hi32(x, m & 0xFFFFu, m >> 16, 0x4000u, 0);
    return (high + (1 << (-shift - 2))) >> (-shift - 1);
}

/*
 * TFLite's MultiplyByQuantizedMultiplier (tfg_requantize_inline) for a multiplier >= 0: its doubling high
 * multiply is floor((x' m + 2^30) / 2^31) (see tfg_requant_apply) = hi32(x' (2m) + 2^31), then the same
 * rounding right shift, half away from zero. k from tfg_requant_prepare; m2l, m2h the halves of 2m.
 */
static inline int32_t tfg_requant_apply_v6m(int32_t x, const tfg_requant_const *k, uint32_t m2l, uint32_t m2h)
{
    const int32_t high = tfg_mul_hi32((int32_t)((uint32_t)x << k->left), m2l, m2h, 0x8000u, 0);
    const int32_t remainder = high & k->mask;
    const int32_t threshold = k->half_mask + (int32_t)((uint32_t)high >> 31);
    return (high >> k->right) + (remainder > threshold ? 1 : 0);
}

#ifdef TFG_V6M
/*
 * The sums of four int8 rows w0..w3 against (x + offset) over n >= 1 depths, added to acc[0..3]: the inner loop
 * of the ARMv6-M CONV_2D and FULLY_CONNECTED paths, 16 instructions per 4 MACs (one LDRSB and offset add for x,
 * then LDRSB, MULS and ADD per row; the sums live in high registers, the index runs from -n up to 0 so the loop
 * needs no compare). Written as inline assembly because GCC 12 spills the C form on a core with 8 low registers.
 * The sums are the plain loop's in another order (integer addition), so the bytes are the same.
 */
static inline void tfg_dot4_v6m(const int8_t *x, const int8_t *w0, const int8_t *w1, const int8_t *w2,
                                const int8_t *w3, int32_t n, int32_t offset, int32_t *acc)
{
    const int8_t *xe = x + n;
    const int8_t *e0 = w0 + n;
    const int8_t *e1 = w1 + n;
    const int8_t *e2 = w2 + n;
    const int8_t *e3 = w3 + n;
    int32_t i = -n;
    int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    int32_t v, t;
    __asm__(".syntax unified\n"
            "1:\n\t"
            "ldrsb %[v], [%[xe], %[i]]\n\t"
            "add %[v], %[off]\n\t"
            "ldrsb %[t], [%[e0], %[i]]\n\t"
            "muls %[t], %[v], %[t]\n\t"
            "add %[a0], %[t]\n\t"
            "ldrsb %[t], [%[e1], %[i]]\n\t"
            "muls %[t], %[v], %[t]\n\t"
            "add %[a1], %[t]\n\t"
            "ldrsb %[t], [%[e2], %[i]]\n\t"
            "muls %[t], %[v], %[t]\n\t"
            "add %[a2], %[t]\n\t"
            "ldrsb %[t], [%[e3], %[i]]\n\t"
            "muls %[t], %[v], %[t]\n\t"
            "add %[a3], %[t]\n\t"
            "adds %[i], #1\n\t"
            "bne 1b\n\t"
            ".syntax divided"
            : [a0] "+h"(a0), [a1] "+h"(a1), [a2] "+h"(a2), [a3] "+h"(a3), [i] "+l"(i), [v] "=&l"(v), [t] "=&l"(t)
            : [xe] "l"(xe), [e0] "l"(e0), [e1] "l"(e1), [e2] "l"(e2), [e3] "l"(e3), [off] "h"(offset)
            : "cc", "memory");
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

/*
 * tfg_ruy_apply_right2 (multiplier >= 0, shift in [-31, -2]) in 26 instructions: the four 16-bit products of
 * tfg_mul_hi32 with c = 2^30, then the rounding shift. GCC 12 spends about 45 on the C form.
 */
static inline int32_t tfg_ruy_right2_v6m(int32_t x, int32_t multiplier, int32_t shift)
{
    int32_t xh, ml, mh = multiplier, t;
    __asm__(".syntax unified\n\t"
            "asrs %[xh], %[x], #16\n\t"
            "uxth %[x], %[x]\n\t"
            "uxth %[ml], %[mh]\n\t"
            "lsrs %[mh], %[mh], #16\n\t"
            "movs %[t], %[x]\n\t"
            "muls %[t], %[ml], %[t]\n\t"     /* p0 = xl ml */
            "muls %[x], %[mh], %[x]\n\t"     /* p1 = xl mh */
            "muls %[ml], %[xh], %[ml]\n\t"   /* p2 = xh ml */
            "muls %[xh], %[mh], %[xh]\n\t"   /* p3 = xh mh */
            "lsrs %[t], %[t], #16\n\t"
            "adds %[x], %[x], %[t]\n\t"
            "movs %[t], #1\n\t"
            "lsls %[t], %[t], #14\n\t"
            "adds %[x], %[x], %[t]\n\t"      /* u = p1 + (p0 >> 16) + 2^14 */
            "uxth %[t], %[x]\n\t"
            "adds %[ml], %[ml], %[t]\n\t"
            "asrs %[ml], %[ml], #16\n\t"     /* (p2 + (u mod 2^16)) >> 16 */
            "lsrs %[x], %[x], #16\n\t"
            "adds %[xh], %[xh], %[x]\n\t"
            "adds %[xh], %[xh], %[ml]\n\t"   /* H */
            "mvns %[t], %[s]\n\t"            /* r - 1 */
            "subs %[mh], %[t], #1\n\t"       /* r - 2 */
            "movs %[ml], #1\n\t"
            "lsls %[ml], %[ml], %[mh]\n\t"
            "adds %[xh], %[xh], %[ml]\n\t"
            "asrs %[xh], %[xh], %[t]\n\t"
            ".syntax divided"
            : [x] "+l"(x), [xh] "=&l"(xh), [ml] "=&l"(ml), [mh] "+l"(mh), [t] "=&l"(t)
            : [s] "l"(shift)
            : "cc");
    return xh;
}

/*
 * The ruy requantization of one sum (multiplier >= 0, shift in [-31, -2]: tfg_ruy_apply_right2, as
 * tfg_ruy_right2_v6m computes it), plus the offset, clamped.
 */
static inline int8_t tfg_ruy_output_v6m(int32_t acc, int32_t multiplier, int32_t shift, int32_t output_offset,
                                        int32_t act_min, int32_t act_max)
{
    int32_t v = tfg_ruy_right2_v6m(acc, multiplier, shift) + output_offset;
    v = v < act_min ? act_min : v;
    v = v > act_max ? act_max : v;
    return (int8_t)v;
}
#endif

#ifdef TFG_V6M
/* Whether every multiplier suits tfg_requant_apply_v6m (TFLite's are in [2^30, 2^31) or 0). */
static inline int tfg_multipliers_v6m(const int32_t *multiplier, int32_t n)
{
    int32_t i;
    for (i = 0; i < n; ++i) {
        if (multiplier[i] < 0) {
            return 0;
        }
    }
    return 1;
}

/* One DEPTHWISE_CONV_2D output of the ARMv6-M paths: TFLite's requantization by tfg_requant_apply_v6m, clamped. */
static inline int8_t tfg_depthwise_output_v6m(int32_t acc, const tfg_requant_const *k, uint32_t m2l, uint32_t m2h,
                                              int32_t output_offset, int32_t act_min, int32_t act_max)
{
    int32_t v = tfg_requant_apply_v6m(acc, k, m2l, m2h) + output_offset;
    v = v < act_min ? act_min : v;
    v = v > act_max ? act_max : v;
    return (int8_t)v;
}

/*
 * Input value i of a plane: an int8 plane (zero 0), or an int8 plane stored biased (zero 128: each byte is
 * x + 128 as uint8, which Thumb-1 loads with an immediate offset, one instruction, where an int8 load needs a
 * register offset or a sign extension). The callers pass a constant zero.
 */
#define TFG_PLANE_V6M(p, i, zero) ((zero) != 0 ? (int32_t)((const uint8_t *)(const void *)(p))[i] : (int32_t)(p)[i])

/*
 * The outputs [ox0, ox1) of row oy of one channel whose windows lie inside the input, for a 3x3 filter with
 * dilation 1: nine taps unrolled, no bounds checks, the input offset (and the plane's bias) folded into the
 * accumulator's start (folded = bias + (offset - zero) * sum of the nine weights, in wrapping arithmetic as the
 * plain sum), the weights in locals.
 */
static inline void tfg_depthwise_row_3x3_v6m(const int8_t *x, int32_t x_step, int32_t zero, int32_t row,
                                             int32_t stride_w, const int8_t *wt, int32_t w_step, int32_t folded,
                                             int32_t ox0, int32_t ox1, const tfg_requant_const *k, uint32_t m2l,
                                             uint32_t m2h, int32_t output_offset, int32_t act_min, int32_t act_max,
                                             int8_t *out, int32_t out_step)
{
    const int32_t w0 = wt[0], w1 = wt[w_step], w2 = wt[2 * w_step];
    const int32_t w3 = wt[3 * w_step], w4 = wt[4 * w_step], w5 = wt[5 * w_step];
    const int32_t w6 = wt[6 * w_step], w7 = wt[7 * w_step], w8 = wt[8 * w_step];
    const int32_t x2 = 2 * x_step;
    const int32_t step = stride_w * x_step;
    int32_t ox;
    out += ox0 * out_step;
    for (ox = ox0; ox < ox1; ++ox) {
        const int8_t *r0 = x + ox * step;
        const int8_t *r1 = r0 + row;
        const int8_t *r2 = r1 + row;
        int32_t acc = folded;
        acc += w0 * TFG_PLANE_V6M(r0, 0, zero) + w1 * TFG_PLANE_V6M(r0, x_step, zero)
               + w2 * TFG_PLANE_V6M(r0, x2, zero);
        acc += w3 * TFG_PLANE_V6M(r1, 0, zero) + w4 * TFG_PLANE_V6M(r1, x_step, zero)
               + w5 * TFG_PLANE_V6M(r1, x2, zero);
        acc += w6 * TFG_PLANE_V6M(r2, 0, zero) + w7 * TFG_PLANE_V6M(r2, x_step, zero)
               + w8 * TFG_PLANE_V6M(r2, x2, zero);
        *out = tfg_depthwise_output_v6m(acc, k, m2l, m2h, output_offset, act_min, act_max);
        out += out_step;
    }
}

/*
 * One channel of DEPTHWISE_CONV_2D on ARMv6-M (Cortex-M0/M0+): input plane x (pixel (y, x) at
 * x[(y * in_w + x) * x_step]: the NHWC tensor at the channel, or the in-place kernel's saved plane, biased by
 * zero as TFG_PLANE_V6M reads it), filter taps wt[t * w_step], outputs out[(oy * out_w + ox) * out_step].
 * Outputs whose window lies inside the input take a path without bounds checks (3x3 with dilation 1
 * unrolled), the input offset folded into the bias; the border ones the plain sum over their in-bounds taps.
 * Requantization by tfg_requant_apply_v6m (the caller checks the multiplier is not negative). The sums are the
 * plain path's modulo 2^32, so the bytes are the same. The callers pass constant x_step and zero.
 */
static inline void tfg_depthwise_channel_v6m(const tfg_conv_params *params, const tfg_dims *filter_dims,
                                             int32_t in_h, int32_t in_w, const int8_t *x, int32_t x_step,
                                             int32_t zero, const int8_t *wt, int32_t w_step, int32_t bias,
                                             int32_t multiplier, int32_t shift, const tfg_dims *output_dims,
                                             int8_t *out, int32_t out_step)
{
    const int32_t k_h = filter_dims->h;
    const int32_t k_w = filter_dims->w;
    const int32_t sh = params->stride_h, sw = params->stride_w;
    const int32_t dh = params->dilation_h, dw = params->dilation_w;
    const int32_t pt = params->pad_top, pl = params->pad_left;
    const int32_t out_h = output_dims->h, out_w = output_dims->w;
    const int32_t offset = params->input_offset - zero;
    const int32_t output_offset = params->output_offset;
    const int32_t act_min = params->act_min, act_max = params->act_max;
    const tfg_requant_const k = tfg_requant_prepare(multiplier, shift);
    const uint32_t m2 = 2u * (uint32_t)multiplier;
    const uint32_t m2l = m2 & 0xFFFFu, m2h = m2 >> 16;
    const int32_t row = in_w * x_step;
    const int fast3x3 = k_h == 3 && k_w == 3 && dh == 1 && dw == 1;
    /* the outputs whose window is inside: oy in [oy0, oy1), ox in [ox0, ox1) */
    const int32_t last_y = in_h - 1 - (k_h - 1) * dh + pt;
    const int32_t last_x = in_w - 1 - (k_w - 1) * dw + pl;
    const int32_t oy0 = (pt + sh - 1) / sh;
    const int32_t ox0 = (pl + sw - 1) / sw;
    int32_t oy1 = last_y < 0 ? 0 : last_y / sh + 1;
    int32_t ox1 = last_x < 0 ? 0 : last_x / sw + 1;
    uint32_t folded = (uint32_t)bias;
    int32_t oy, ox, ky, kx, t;
    oy1 = oy1 > out_h ? out_h : oy1;
    oy1 = oy1 < oy0 ? oy0 : oy1;
    ox1 = ox1 > out_w ? out_w : ox1;
    ox1 = ox1 < ox0 ? ox0 : ox1;
    for (t = 0; t < k_h * k_w; ++t) {
        folded += (uint32_t)offset * (uint32_t)(int32_t)wt[t * w_step];
    }
    for (oy = 0; oy < out_h; ++oy) {
        const int inside_y = oy >= oy0 && oy < oy1;
        int8_t *o = out + oy * out_w * out_step;
        if (inside_y && fast3x3) {
            tfg_depthwise_row_3x3_v6m(x + ((oy * sh - pt) * in_w - pl) * x_step, x_step, zero, row, sw, wt, w_step,
                                      (int32_t)folded, ox0, ox1, &k, m2l, m2h, output_offset, act_min, act_max, o,
                                      out_step);
        } else if (inside_y) {
            for (ox = ox0; ox < ox1; ++ox) {
                const int8_t *p = x + ((oy * sh - pt) * in_w + ox * sw - pl) * x_step;
                uint32_t acc = folded;
                for (ky = 0; ky < k_h; ++ky) {
                    for (kx = 0; kx < k_w; ++kx) {
                        acc += (uint32_t)((int32_t)wt[(ky * k_w + kx) * w_step]
                                          * TFG_PLANE_V6M(p, (ky * dh * in_w + kx * dw) * x_step, zero));
                    }
                }
                o[ox * out_step] = tfg_depthwise_output_v6m((int32_t)acc, &k, m2l, m2h, output_offset, act_min,
                                                            act_max);
            }
        }
        for (ox = 0; ox < out_w; ++ox) {
            uint32_t acc = (uint32_t)bias;
            if (inside_y && ox >= ox0 && ox < ox1) {
                ox = ox1 - 1; /* done above */
                continue;
            }
            for (ky = 0; ky < k_h; ++ky) {
                const int32_t iy = oy * sh - pt + ky * dh;
                if (iy < 0 || iy >= in_h) {
                    continue;
                }
                for (kx = 0; kx < k_w; ++kx) {
                    const int32_t ix = ox * sw - pl + kx * dw;
                    if (ix < 0 || ix >= in_w) {
                        continue;
                    }
                    acc += (uint32_t)((int32_t)wt[(ky * k_w + kx) * w_step]
                                      * (TFG_PLANE_V6M(x, (iy * in_w + ix) * x_step, zero) + offset));
                }
            }
            o[ox * out_step] = tfg_depthwise_output_v6m((int32_t)acc, &k, m2l, m2h, output_offset, act_min, act_max);
        }
    }
}
#endif

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

#if defined(__AVX2__)
/*
 * Helpers of the x86-64 AVX2 paths of the native backend (the host Toolchain adds -mavx2 when the host Target has
 * AVX2): TFG_AVX2 says they exist.
 */
#define TFG_AVX2 1
#include <immintrin.h>
#include <string.h>

/* The sums of the eight int32 lanes of each of a0..a3, as lanes 0..3. */
static inline __m128i tfg_avx2_hsum4(__m256i a0, __m256i a1, __m256i a2, __m256i a3)
{
    const __m256i s = _mm256_hadd_epi32(_mm256_hadd_epi32(a0, a1), _mm256_hadd_epi32(a2, a3));
    return _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
}

/* Four channels' constants for tfg_avx2_requant_ruy4 (tfg_avx2_requant_prepare4). */
typedef struct {
    __m128i left;  /* left shift before the multiply, max(shift, 0) */
    __m256i mult;  /* the multipliers sign-extended to 64 bits */
    __m256i add;   /* 2^30 + (r > 0 ? 2^(30 + r) : 0) + 2^63, modulo 2^64, r = max(-shift, 0) */
    __m256i s;     /* 31 + r */
    __m256i back;  /* 2^(63 - s) = 2^(32 - r) */
} tfg_avx2_requant;

/* Whether tfg_avx2_requant_ruy4 holds for shift (TFLite's CONV_2D and FULLY_CONNECTED shifts lie in [-31, 7]). */
static inline int tfg_avx2_shift_fits(int32_t shift)
{
    return shift >= -31 && shift <= 7;
}

static inline tfg_avx2_requant tfg_avx2_requant_prepare4(const int32_t *multiplier, const int32_t *shift)
{
    tfg_avx2_requant k;
    const __m128i sh = _mm_loadu_si128((const __m128i *)(const void *)shift);
    const __m128i zero = _mm_setzero_si128();
    const __m256i r = _mm256_cvtepi32_epi64(_mm_max_epi32(_mm_sub_epi32(zero, sh), zero));
    const __m256i one = _mm256_set1_epi64x(1);
    __m256i c = _mm256_sllv_epi64(one, _mm256_add_epi64(r, _mm256_set1_epi64x(30)));
    c = _mm256_andnot_si256(_mm256_cmpeq_epi64(r, _mm256_setzero_si256()), c);
    k.left = _mm_max_epi32(sh, zero);
    k.mult = _mm256_cvtepi32_epi64(_mm_loadu_si128((const __m128i *)(const void *)multiplier));
    k.add = _mm256_add_epi64(c, _mm256_set1_epi64x((long long)(((uint64_t)1 << 30) + ((uint64_t)1 << 63))));
    k.s = _mm256_add_epi64(r, _mm256_set1_epi64x(31));
    k.back = _mm256_sllv_epi64(one, _mm256_sub_epi64(_mm256_set1_epi64x(32), r));
    return k;
}

/*
 * tfg_multiply_by_quantized_multiplier_ruy on four lanes, for every x and multiplier and shift in [-31, 7]
 * (tfg_avx2_shift_fits). Why it is the same value: the scalar form is t = floor((x' m + 2^30) / 2^31) with
 * x' = x << left wrapped to int32 (VPSLLVD wraps the same way, left <= 7), then, for r > 0,
 * floor((t + 2^(r-1)) / 2^r); nested floors of integers give floor((x' m + C) / 2^s) with C = 2^30 + 2^(30+r)
 * (2^30 when r = 0) and s = 31 + r <= 62. VPMULDQ forms x' m exactly in 64 bits (|x' m| <= 2^62), and
 * x' m + C < 2^63 cannot overflow. AVX2 has no 64-bit arithmetic shift, so the floor is taken of the value
 * biased by 2^63 (now in [0, 2^64): a logical shift is its floor) and the bias's 2^(63-s) taken off again.
 * The low 32 bits are the scalar function's (int32_t) conversion of the same integer.
 */
static inline __m128i tfg_avx2_requant_ruy4(__m128i x, const tfg_avx2_requant *k)
{
    const __m256i p = _mm256_mul_epi32(_mm256_cvtepi32_epi64(_mm_sllv_epi32(x, k->left)), k->mult);
    const __m256i q = _mm256_sub_epi64(_mm256_srlv_epi64(_mm256_add_epi64(p, k->add), k->s), k->back);
    return _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(q, _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7)));
}

/* v + output_offset clamped to [act_min, act_max] (within int8), stored as four int8 at out. */
static inline void tfg_avx2_store4(__m128i v, __m128i output_offset, __m128i act_min, __m128i act_max, int8_t *out)
{
    __m128i b;
    int32_t word;
    v = _mm_min_epi32(_mm_max_epi32(_mm_add_epi32(v, output_offset), act_min), act_max);
    b = _mm_packs_epi16(_mm_packs_epi32(v, v), v);
    word = _mm_cvtsi128_si32(b);
    memcpy(out, &word, 4);
}
/* Four channels' constants for tfg_avx2_requant_gemmlowp4 (tfg_avx2_gemmlowp_prepare4). */
typedef struct {
    __m128i left;  /* left shift before the multiply, max(shift, 0) */
    __m256i mult;  /* the multipliers sign-extended to 64 bits */
    __m256i right; /* r = max(-shift, 0) */
    __m256i round; /* r > 0 ? 2^(r-1) : 0, plus 2^63 */
    __m256i neg;   /* all ones where r > 0 (a negative high word then rounds away from zero) */
    __m256i back;  /* 2^(63 - r) */
} tfg_avx2_gemmlowp;

/*
 * Whether tfg_avx2_requant_gemmlowp4 holds for a channel: shift in [-31, 7] and multiplier not INT32_MIN (the one
 * the reference saturates; TFLite's lie in [2^30, 2^31) or are 0).
 */
static inline int tfg_avx2_gemmlowp_fits(int32_t multiplier, int32_t shift)
{
    return shift >= -31 && shift <= 7 && multiplier != INT32_MIN;
}

static inline tfg_avx2_gemmlowp tfg_avx2_gemmlowp_prepare4(const int32_t *multiplier, const int32_t *shift)
{
    tfg_avx2_gemmlowp k;
    const __m128i sh = _mm_loadu_si128((const __m128i *)(const void *)shift);
    const __m128i zero = _mm_setzero_si128();
    const __m256i r = _mm256_cvtepi32_epi64(_mm_max_epi32(_mm_sub_epi32(zero, sh), zero));
    const __m256i one = _mm256_set1_epi64x(1);
    const __m256i positive = _mm256_cmpgt_epi64(r, _mm256_setzero_si256());
    k.left = _mm_max_epi32(sh, zero);
    k.mult = _mm256_cvtepi32_epi64(_mm_loadu_si128((const __m128i *)(const void *)multiplier));
    k.right = r;
    k.round = _mm256_add_epi64(_mm256_and_si256(positive, _mm256_sllv_epi64(one, _mm256_sub_epi64(r, one))),
                               _mm256_set1_epi64x((long long)((uint64_t)1 << 63)));
    k.neg = positive;
    k.back = _mm256_sllv_epi64(one, _mm256_sub_epi64(_mm256_set1_epi64x(63), r));
    return k;
}

/*
 * TFLite's MultiplyByQuantizedMultiplier (gemmlowp: tfg_requantize_inline) on four lanes, for every x and the
 * channels tfg_avx2_gemmlowp_fits admits. Why it is the same value: with x' = x << left wrapped to int32 (VPSLLVD
 * wraps the same way, left <= 7), the reference's doubling high multiply is H = floor((x' m + 2^30) / 2^31) for
 * every multiplier but INT32_MIN (see tfg_requant_apply); VPMULDQ forms x' m exactly (|x' m| < 2^62), and the floor
 * is taken of the value biased by 2^63 (a logical shift floors a value in [0, 2^64)), the bias's 2^32 taken off
 * again, so H is exact in 64 bits (|H| < 2^31). Its rounding right shift, half away from zero, is
 * floor((H + 2^(r-1) - [H < 0]) / 2^r) for r > 0 and H itself for r = 0, computed the same biased way in 64 bits,
 * where nothing can overflow. The low 32 bits are the reference's int32 value.
 */
static inline __m128i tfg_avx2_requant_gemmlowp4(__m128i x, const tfg_avx2_gemmlowp *k)
{
    const __m256i p = _mm256_mul_epi32(_mm256_cvtepi32_epi64(_mm_sllv_epi32(x, k->left)), k->mult);
    const __m256i high = _mm256_sub_epi64(
        _mm256_srli_epi64(_mm256_add_epi64(p, _mm256_set1_epi64x((long long)(((uint64_t)1 << 30) + ((uint64_t)1 << 63)))), 31),
        _mm256_set1_epi64x((long long)1 << 32));
    const __m256i neg = _mm256_and_si256(_mm256_cmpgt_epi64(_mm256_setzero_si256(), high), k->neg);
    const __m256i t = _mm256_add_epi64(_mm256_add_epi64(high, k->round), neg);
    const __m256i q = _mm256_sub_epi64(_mm256_srlv_epi64(t, k->right), k->back);
    return _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(q, _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7)));
}
/*
 * The DEPTHWISE_CONV_2D AVX2 paths (out of place and in place, depth multiplier 1): sixteen channels at a time
 * from the NHWC layout. A tap's sixteen inputs are widened to 16 bits with the input offset added (in
 * [-255, 255]) and multiplied by the tap's widened weights with VPMULLW, exact in 16 bits (|product| <= 255 * 127),
 * then widened to 32 bits and added to the two accumulators, which start at the bias. Taps outside the input are
 * skipped, as the plain path skips them. The sums are the plain path's in another order (integer addition),
 * requantized by tfg_avx2_requant_gemmlowp4, so the bytes are the same.
 */
#define TFG_DW_AVX2_MAX_TAPS 64

/* One block of sixteen channels: widened weights per tap, bias, requantization and output constants. */
typedef struct {
    __m256i w[TFG_DW_AVX2_MAX_TAPS];
    __m256i bias_lo, bias_hi;
    __m256i offset;
    tfg_avx2_gemmlowp k[4];
    __m128i output_offset, act_min, act_max;
    __m128i store; /* all ones in the lanes the block writes */
} tfg_dw_avx2_block;

/*
 * Whether the AVX2 depthwise paths hold: depth multiplier 1, at least 8 channels, at most TFG_DW_AVX2_MAX_TAPS
 * taps, every channel fits.
 */
static inline int tfg_dw_avx2_applies(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                      const tfg_dims *filter_dims, int32_t depth)
{
    int32_t c;
    if (params->depth_multiplier != 1 || depth < 8 || filter_dims->h * filter_dims->w > TFG_DW_AVX2_MAX_TAPS) {
        return 0;
    }
    for (c = 0; c < depth; ++c) {
        if (!tfg_avx2_gemmlowp_fits(quant->multiplier[c], quant->shift[c])) {
            return 0;
        }
    }
    return 1;
}

/*
 * Channels [c0, c0 + width)'s block (width 16, or 8 for a depth below 16; filter [1, k_h, k_w, depth]), writing
 * channels [c0 + skip, c0 + width) only: the last block of a depth that is not a multiple of the width overlaps
 * the one before and writes its own channels.
 */
static inline void tfg_dw_avx2_prepare(tfg_dw_avx2_block *blk, const tfg_conv_params *params,
                                       const tfg_per_channel_quant *quant, const tfg_dims *filter_dims,
                                       const int8_t *filter, const int32_t *bias, int32_t depth, int32_t c0,
                                       int32_t skip, int32_t width)
{
    const int32_t taps = filter_dims->h * filter_dims->w;
    int32_t t;
    for (t = 0; t < taps; ++t) {
        const int8_t *f = filter + t * depth + c0;
        blk->w[t] = width == 16 ? _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)f))
                                : _mm256_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)(const void *)f));
    }
    blk->bias_lo = _mm256_setzero_si256();
    blk->bias_hi = blk->bias_lo;
    if (bias != 0) {
        blk->bias_lo = _mm256_loadu_si256((const __m256i *)(const void *)(bias + c0));
        if (width == 16) {
            blk->bias_hi = _mm256_loadu_si256((const __m256i *)(const void *)(bias + c0 + 8));
        }
    }
    blk->offset = _mm256_set1_epi16((int16_t)params->input_offset);
    for (t = 0; t < width / 4; ++t) {
        blk->k[t] = tfg_avx2_gemmlowp_prepare4(quant->multiplier + c0 + 4 * t, quant->shift + c0 + 4 * t);
    }
    blk->output_offset = _mm_set1_epi32(params->output_offset);
    blk->act_min = _mm_set1_epi32(params->act_min);
    blk->act_max = _mm_set1_epi32(params->act_max);
    blk->store = _mm_cmpgt_epi8(_mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                _mm_set1_epi8((char)(skip - 1)));
}

/* Four requantized, offset and clamped int32 lanes. */
static inline __m128i tfg_dw_avx2_out4(const tfg_dw_avx2_block *blk, __m128i acc, int32_t j)
{
    const __m128i v = _mm_add_epi32(tfg_avx2_requant_gemmlowp4(acc, &blk->k[j]), blk->output_offset);
    return _mm_min_epi32(_mm_max_epi32(v, blk->act_min), blk->act_max);
}

/*
 * One output row of a block: rows[ky] is the input row filter row ky reads (NULL outside the input), its pixel
 * ix's sixteen channels at rows[ky] + ix * pixel_step; outputs at out + ox * out_step.
 */
static inline void tfg_dw_avx2_row(const tfg_dw_avx2_block *blk, const tfg_conv_params *params,
                                   const tfg_dims *filter_dims, const int8_t *const *rows, int32_t in_w,
                                   int32_t pixel_step, int32_t out_w, int8_t *out, int32_t out_step, int skip)
{
    const int32_t k_h = filter_dims->h, k_w = filter_dims->w;
    const int32_t sw = params->stride_w, dw = params->dilation_w;
    int32_t ox, ky, kx;
    for (ox = 0; ox < out_w; ++ox) {
        const int32_t ix0 = ox * sw - params->pad_left;
        __m256i lo = blk->bias_lo, hi = blk->bias_hi;
        __m128i ab, cd;
        for (ky = 0; ky < k_h; ++ky) {
            const int8_t *row = rows[ky];
            if (row == 0) {
                continue;
            }
            for (kx = 0; kx < k_w; ++kx) {
                const int32_t ix = ix0 + kx * dw;
                __m256i x;
                if (ix < 0 || ix >= in_w) {
                    continue;
                }
                x = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(row + ix * pixel_step)));
                x = _mm256_mullo_epi16(_mm256_add_epi16(x, blk->offset), blk->w[ky * k_w + kx]);
                lo = _mm256_add_epi32(lo, _mm256_cvtepi16_epi32(_mm256_castsi256_si128(x)));
                hi = _mm256_add_epi32(hi, _mm256_cvtepi16_epi32(_mm256_extracti128_si256(x, 1)));
            }
        }
        ab = _mm_packs_epi32(tfg_dw_avx2_out4(blk, _mm256_castsi256_si128(lo), 0),
                             tfg_dw_avx2_out4(blk, _mm256_extracti128_si256(lo, 1), 1));
        cd = _mm_packs_epi32(tfg_dw_avx2_out4(blk, _mm256_castsi256_si128(hi), 2),
                             tfg_dw_avx2_out4(blk, _mm256_extracti128_si256(hi, 1), 3));
        if (skip) {
            /* the other lanes keep their bytes */
            const __m128i old = _mm_loadu_si128((const __m128i *)(const void *)(out + ox * out_step));
            _mm_storeu_si128((__m128i *)(void *)(out + ox * out_step),
                             _mm_blendv_epi8(old, _mm_packs_epi16(ab, cd), blk->store));
        } else {
            _mm_storeu_si128((__m128i *)(void *)(out + ox * out_step), _mm_packs_epi16(ab, cd));
        }
    }
}
/* The channels of a block: 16, or 8 for a depth below 16. */
static inline int32_t tfg_dw_avx2_width(int32_t depth)
{
    return depth >= 16 ? 16 : 8;
}

/* tfg_dw_avx2_row for a block of eight channels (a depth of 8 to 15): the same arithmetic on half vectors. */
static inline void tfg_dw_avx2_row8(const tfg_dw_avx2_block *blk, const tfg_conv_params *params,
                                    const tfg_dims *filter_dims, const int8_t *const *rows, int32_t in_w,
                                    int32_t pixel_step, int32_t out_w, int8_t *out, int32_t out_step, int skip)
{
    const int32_t k_h = filter_dims->h, k_w = filter_dims->w;
    const int32_t sw = params->stride_w, dw = params->dilation_w;
    const __m128i offset = _mm256_castsi256_si128(blk->offset);
    int32_t ox, ky, kx;
    for (ox = 0; ox < out_w; ++ox) {
        const int32_t ix0 = ox * sw - params->pad_left;
        __m256i acc = blk->bias_lo;
        __m128i ab, v;
        for (ky = 0; ky < k_h; ++ky) {
            const int8_t *row = rows[ky];
            if (row == 0) {
                continue;
            }
            for (kx = 0; kx < k_w; ++kx) {
                const int32_t ix = ix0 + kx * dw;
                __m128i x;
                if (ix < 0 || ix >= in_w) {
                    continue;
                }
                x = _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)(const void *)(row + ix * pixel_step)));
                x = _mm_mullo_epi16(_mm_add_epi16(x, offset), _mm256_castsi256_si128(blk->w[ky * k_w + kx]));
                acc = _mm256_add_epi32(acc, _mm256_cvtepi16_epi32(x));
            }
        }
        ab = _mm_packs_epi32(tfg_dw_avx2_out4(blk, _mm256_castsi256_si128(acc), 0),
                             tfg_dw_avx2_out4(blk, _mm256_extracti128_si256(acc, 1), 1));
        v = _mm_packs_epi16(ab, ab);
        if (skip) {
            /* the other lanes keep their bytes */
            v = _mm_blendv_epi8(_mm_loadl_epi64((const __m128i *)(const void *)(out + ox * out_step)), v, blk->store);
        }
        _mm_storel_epi64((__m128i *)(void *)(out + ox * out_step), v);
    }
}
#endif

#endif /* TFG_INTERNAL_H */
