/*
 * LOG_SOFTMAX int8 over the last dimension, as TFLite's built-in int8 LogSoftmax computes it (its
 * generic-optimized kernel, the one BuiltinOpResolver registers): per row, a float sum of
 * exp(input_scale * (x - max)) read from a 256-entry table (computed by the code generator, as for
 * SOFTMAX), the float natural log of that sum, then for each element
 *     rint(x * input_scale / output_scale - (max * input_scale + log_sum) / output_scale) + 127,
 * saturated to int8 (rint: nearest, ties to even). TFLite requires output scale 16/256, zero point 127.
 *
 * TFLite takes the log with the C library's logf (glibc's on the x86-64 reference), which is not
 * correctly rounded: about 1 float in 1200 of [1, 2^24] is one ulp away from the exact log, enough to
 * move an output byte now and then. So the log here is computed the way that logf computes it, in
 * double precision with its constants (read from glibc 2.36's libm; they come from Arm's
 * optimized-routines, MIT licence) and its order of operations. glibc has two builds of it on x86-64,
 * with and without fused multiply-adds; both, and this function, give the same float for every
 * float x >= 1 (checked exhaustively; the sum of a row is in [1, depth]).
 *
 * Float arithmetic is plain IEEE single and double precision in round-to-nearest, evaluated in the
 * declared types and without contraction (C99, FLT_EVAL_METHOD 0, as TinyForge compiles), no libm:
 * hardware or soft-float cores give the same bytes.
 */
#include <float.h>

#include "tfg_kernels.h"

#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0
#error "tfg_log_softmax_s8 needs float and double expressions evaluated in their own precision"
#endif

typedef union {
    float f;
    uint32_t u;
} f32_bits;

/* 1/c and log(c) for the 16 subintervals of [0x1.66p-1, 0x1.66p0) that c is the middle of. */
static const double log_table[16][2] = {
    {0x1.661ec79f8f3bep+0, -0x1.57bf7808caadep-2}, {0x1.571ed4aaf883dp+0, -0x1.2bef0a7c06ddbp-2},
    {0x1.49539f0f010bp+0, -0x1.01eae7f513a67p-2},  {0x1.3c995b0b80385p+0, -0x1.b31d8a68224e9p-3},
    {0x1.30d190c8864a5p+0, -0x1.6574f0ac07758p-3}, {0x1.25e227b0b8eap+0, -0x1.1aa2bc79c81p-3},
    {0x1.1bb4a4a1a343fp+0, -0x1.a4e76ce8c0e5ep-4}, {0x1.12358f08ae5bap+0, -0x1.1973c5a611cccp-4},
    {0x1.0953f419900a7p+0, -0x1.252f438e10c1ep-5}, {0x1p+0, 0x0p+0},
    {0x1.e608cfd9a47acp-1, 0x1.aa5aa5df25984p-5},  {0x1.ca4b31f026aap-1, 0x1.c5e53aa362eb4p-4},
    {0x1.b2036576afce6p-1, 0x1.526e57720db08p-3},  {0x1.9c2d163a1aa2dp-1, 0x1.bc2860d22477p-3},
    {0x1.886e6037841edp-1, 0x1.1058bc8a07ee1p-2},  {0x1.767dcf5534862p-1, 0x1.4043057b6ee09p-2},
};

/*
 * Natural log of a finite float x >= 1, bit for bit glibc's logf: x = 2^k z with z in
 * [0x1.66p-1, 0x1.66p0), log(x) = k ln2 + log(c) + log1p(r) with r = z/c - 1, log1p(r) by a cubic
 * in r (plus r), all in double, one rounding to float at the end.
 */
static float log_like_libc(float x)
{
    const double ln2 = 0x1.62e42fefa39efp-1;
    const double p0 = -0x1.00ea348b88334p-2;
    const double p1 = 0x1.5575b0be00b6ap-2;
    const double p2 = -0x1.ffffef20a4123p-2;
    f32_bits in, zb;
    uint32_t offset, i;
    int32_t k;
    double z, r, r2, y, y0;
    in.f = x;
    if (in.u == 0x3f800000u) {
        return 0.0f;
    }
    offset = in.u - 0x3f330000u; /* positive: x >= 1 */
    i = (offset >> 19) & 15u;
    k = (int32_t)(offset >> 23);
    zb.u = in.u - (offset & 0xff800000u);
    z = (double)zb.f;
    r = z * log_table[i][0] - 1.0;
    y0 = log_table[i][1] + (double)k * ln2;
    r2 = r * r;
    y = p1 * r + p2;
    y = p0 * r2 + y;
    y = y * r2 + (y0 + r);
    return (float)y;
}

/* Nearest integer, ties to even (rint in the default rounding mode), for |v| < 2^23. */
static int32_t round_half_even(float v)
{
    const int32_t t = (int32_t)v;
    const float frac = v - (float)t; /* exact */
    if (frac > 0.5f || (frac == 0.5f && t % 2 != 0)) {
        return t + 1;
    }
    if (frac < -0.5f || (frac == -0.5f && t % 2 != 0)) {
        return t - 1;
    }
    return t;
}

void tfg_log_softmax_s8(const float *exp_table, int32_t rows, int32_t depth, float input_scale,
                        const int8_t *input, int8_t *output)
{
    const float output_scale = 16.0f / 256.0f;
    const int32_t output_zero_point = 127;
    const float scale = input_scale / output_scale;
    int32_t r, j;
    for (r = 0; r < rows; ++r) {
        const int8_t *x = input + r * depth;
        int8_t *y = output + r * depth;
        int32_t max = -128;
        float sum = 0.0f;
        float shift;
        const float *table;
        for (j = 0; j < depth; ++j) {
            max = x[j] > max ? x[j] : max;
        }
        /* table[255 - d] = exp(-input_scale * d); the entry for x is table[255 - max + x] */
        table = exp_table + 255 - max;
        for (j = 0; j < depth; ++j) {
            sum += table[x[j]];
        }
        shift = (input_scale * (float)max + log_like_libc(sum)) / output_scale;
        for (j = 0; j < depth; ++j) {
            const float v = scale * (float)x[j] - shift;
            /* v <= 0; below -2^23 it is an integer far under the int8 range */
            int32_t q = v < -8388608.0f ? -128 : round_half_even(v) + output_zero_point;
            q = q < -128 ? -128 : q;
            q = q > 127 ? 127 : q;
            y[j] = (int8_t)q;
        }
    }
}
