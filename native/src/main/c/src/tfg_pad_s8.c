/* PAD int8 of a 4-D tensor with a constant (the zero point). */
#include "tfg_kernels.h"

void tfg_pad_s8(const tfg_dims *input_dims, const int8_t *input, const int32_t *pads, int8_t pad_value,
                const tfg_dims *output_dims, int8_t *output)
{
    int32_t b, y, x, c;
    int32_t i = 0;
    for (b = 0; b < output_dims->n; ++b) {
        const int32_t ib = b - pads[0];
        for (y = 0; y < output_dims->h; ++y) {
            const int32_t iy = y - pads[2];
            for (x = 0; x < output_dims->w; ++x) {
                const int32_t ix = x - pads[4];
                for (c = 0; c < output_dims->c; ++c) {
                    const int32_t ic = c - pads[6];
                    const int inside = ib >= 0 && ib < input_dims->n && iy >= 0 && iy < input_dims->h
                                       && ix >= 0 && ix < input_dims->w && ic >= 0 && ic < input_dims->c;
                    output[i++] = inside
                        ? input[((ib * input_dims->h + iy) * input_dims->w + ix) * input_dims->c + ic]
                        : pad_value;
                }
            }
        }
    }
}
