/*
 * RESIZE_NEAREST_NEIGHBOR of an NHWC int8 tensor. The source row and column of every output row and
 * column are computed at code-generation time with TFLite's float index arithmetic and passed as
 * tables, so the kernel needs no floating point.
 */
#include "tfg_kernels.h"

void tfg_resize_nearest_s8(const tfg_dims *input_dims, const int8_t *input, const int32_t *source_y,
                           const int32_t *source_x, const tfg_dims *output_dims, int8_t *output)
{
    const int32_t depth = input_dims->c;
    int32_t b, y, x, c;
    for (b = 0; b < output_dims->n; ++b) {
        for (y = 0; y < output_dims->h; ++y) {
            const int8_t *in_row = input + (b * input_dims->h + source_y[y]) * input_dims->w * depth;
            for (x = 0; x < output_dims->w; ++x) {
                const int8_t *in_pixel = in_row + source_x[x] * depth;
                for (c = 0; c < depth; ++c) {
                    *output++ = in_pixel[c];
                }
            }
        }
    }
}
