/*
 * MEAN of an int16 tensor (16x8 mode) of rank up to 4 over any set of axes, as TFLite's integer
 * QuantizedMeanOrSum, which its built-in MEAN runs for every int16 input (no float-bias path with
 * keep_dims as for int8): each output element is the int32 sum of its reduced positions, minus input
 * zero point x count, requantized by a multiplier that already contains the division by the count
 * (prepared by the code generator). The sum is taken directly for each output element.
 */
#include "tfg_kernels.h"

/* Sum of the block of extents size[] at base, walking the input with stride[]. */
static int32_t block_sum(const int16_t *base, const int32_t *size, const int32_t *stride)
{
    int32_t acc = 0;
    int32_t i0, i1, i2, i3;
    for (i0 = 0; i0 < size[0]; ++i0) {
        for (i1 = 0; i1 < size[1]; ++i1) {
            for (i2 = 0; i2 < size[2]; ++i2) {
                const int16_t *row = base + i0 * stride[0] + i1 * stride[1] + i2 * stride[2];
                for (i3 = 0; i3 < size[3]; ++i3) {
                    acc += row[i3 * stride[3]];
                }
            }
        }
    }
    return acc;
}

void tfg_mean_s16(const tfg_dims *input_dims, int32_t axes, const int16_t *input, int32_t input_zero_point,
                 int32_t multiplier, int32_t shift, int32_t output_zero_point, int16_t *output)
{
    const int32_t shape[4] = {input_dims->n, input_dims->h, input_dims->w, input_dims->c};
    int32_t stride[4];
    int32_t kept[4];    /* extents walked from one output element to the next */
    int32_t reduced[4]; /* extents summed into one output element */
    int32_t count = 1;
    int32_t d, o0, o1, o2, o3;
    stride[3] = 1;
    for (d = 2; d >= 0; --d) {
        stride[d] = stride[d + 1] * shape[d + 1];
    }
    for (d = 0; d < 4; ++d) {
        const int32_t is_reduced = (axes >> d) & 1;
        kept[d] = is_reduced ? 1 : shape[d];
        reduced[d] = is_reduced ? shape[d] : 1;
        count *= reduced[d];
    }
    /* Outputs in row-major order of the kept dimensions, with or without keep_dims. */
    for (o0 = 0; o0 < kept[0]; ++o0) {
        for (o1 = 0; o1 < kept[1]; ++o1) {
            for (o2 = 0; o2 < kept[2]; ++o2) {
                for (o3 = 0; o3 < kept[3]; ++o3) {
                    const int16_t *base = input + o0 * stride[0] + o1 * stride[1] + o2 * stride[2] + o3 * stride[3];
                    int32_t acc = block_sum(base, reduced, stride) - input_zero_point * count;
                    acc = tfg_multiply_by_quantized_multiplier(acc, multiplier, shift) + output_zero_point;
                    acc = acc < -32768 ? -32768 : acc;
                    acc = acc > 32767 ? 32767 : acc;
                    *output++ = (int16_t)acc;
                }
            }
        }
    }
}
