/*
 * MEAN over height and width of an NHWC int8 tensor (global average pooling), as TFLite's integer
 * QuantizedMeanOrSum: the sum of the window minus zero point x count, requantized by a multiplier that
 * already contains the division by the count (prepared by the code generator). On a core with the DSP
 * extension, four channels per 4-byte load (tfg_mean_hw_dsp), the same bytes.
 */
#include "tfg_internal.h"

#ifdef TFG_DSP

/* The requantized, offset and clamped mean of one channel's sum. */
static inline int8_t tfg_mean_hw_output(int32_t sum, int32_t zero_sum, const tfg_requant_const *k,
                                        int32_t output_zero_point)
{
    int32_t acc = tfg_requant_apply(sum - zero_sum, k) + output_zero_point;
    acc = acc < -128 ? -128 : acc;
    acc = acc > 127 ? 127 : acc;
    return (int8_t)acc;
}

/*
 * Four channels at a time on a core with the DSP extension, for at most 255 pixels: one 4-byte load per
 * pixel, SXTAB16 and SXTAB16 ROR 8 add channels (0, 2) and (1, 3) into 16-bit halves, which cannot wrap
 * (|sum| <= 255 * 128 < 2^15); the requantization's constants are worked out once (tfg_requant_apply, exact
 * for every multiplier but INT32_MIN, which the caller excludes). The channels after the last four, one by one.
 */
static void tfg_mean_hw_dsp(const tfg_dims *input_dims, const int8_t *input, int32_t input_zero_point,
                            int32_t multiplier, int32_t shift, int32_t output_zero_point, int8_t *output)
{
    const int32_t count = input_dims->h * input_dims->w;
    const int32_t depth = input_dims->c;
    const int32_t zero_sum = input_zero_point * count;
    const tfg_requant_const k = tfg_requant_prepare(multiplier, shift);
    int32_t b, c, i;
    for (b = 0; b < input_dims->n; ++b) {
        const int8_t *plane = input + b * count * depth;
        int8_t *out = output + b * depth;
        for (c = 0; c + 4 <= depth; c += 4) {
            const int8_t *p = plane + c;
            int32_t even = 0; /* channels c and c + 2 in the low and high halves */
            int32_t odd = 0;  /* channels c + 1 and c + 3 */
            for (i = 0; i < count; ++i) {
                const uint32_t v = tfg_load4(p);
                even = __sxtab16(even, (int32_t)v);
                odd = tfg_sxtab16_ror8(odd, v);
                p += depth;
            }
            out[c] = tfg_mean_hw_output((int16_t)even, zero_sum, &k, output_zero_point);
            out[c + 1] = tfg_mean_hw_output((int16_t)odd, zero_sum, &k, output_zero_point);
            out[c + 2] = tfg_mean_hw_output(even >> 16, zero_sum, &k, output_zero_point);
            out[c + 3] = tfg_mean_hw_output(odd >> 16, zero_sum, &k, output_zero_point);
        }
        for (; c < depth; ++c) {
            int32_t sum = 0;
            for (i = 0; i < count; ++i) {
                sum += plane[i * depth + c];
            }
            out[c] = tfg_mean_hw_output(sum, zero_sum, &k, output_zero_point);
        }
    }
}

#endif /* TFG_DSP */

void tfg_mean_hw_s8(const tfg_dims *input_dims, const int8_t *input, int32_t input_zero_point,
                    int32_t multiplier, int32_t shift, int32_t output_zero_point, int8_t *output)
{
    const int32_t count = input_dims->h * input_dims->w;
    int32_t b, c, i;
#ifdef TFG_DSP
    if (count <= 255 && multiplier != INT32_MIN) {
        tfg_mean_hw_dsp(input_dims, input, input_zero_point, multiplier, shift, output_zero_point, output);
        return;
    }
#endif
    for (b = 0; b < input_dims->n; ++b) {
        const int8_t *plane = input + b * count * input_dims->c;
        for (c = 0; c < input_dims->c; ++c) {
            int32_t acc = 0;
            for (i = 0; i < count; ++i) {
                acc += plane[i * input_dims->c + c];
            }
            acc -= input_zero_point * count;
            acc = tfg_multiply_by_quantized_multiplier(acc, multiplier, shift) + output_zero_point;
            acc = acc < -128 ? -128 : acc;
            acc = acc > 127 ? 127 : acc;
            output[b * input_dims->c + c] = (int8_t)acc;
        }
    }
}
