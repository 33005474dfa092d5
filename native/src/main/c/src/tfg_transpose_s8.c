/* TRANSPOSE of an int8 tensor of rank up to 4 (leading dimensions of size 1 pad smaller ranks). */
#include "tfg_kernels.h"

void tfg_transpose_s8(const tfg_dims *input_dims, const int8_t *input, const int32_t *perm,
                      int8_t *output)
{
    const int32_t in_shape[4] = {input_dims->n, input_dims->h, input_dims->w, input_dims->c};
    int32_t in_stride[4];
    int32_t out_shape[4];
    int32_t stride[4];
    int32_t d, i0, i1, i2, i3;
    int32_t o = 0;
    in_stride[3] = 1;
    for (d = 2; d >= 0; --d) {
        in_stride[d] = in_stride[d + 1] * in_shape[d + 1];
    }
    /* Output dimension d walks input dimension perm[d]. */
    for (d = 0; d < 4; ++d) {
        out_shape[d] = in_shape[perm[d]];
        stride[d] = in_stride[perm[d]];
    }
    for (i0 = 0; i0 < out_shape[0]; ++i0) {
        for (i1 = 0; i1 < out_shape[1]; ++i1) {
            for (i2 = 0; i2 < out_shape[2]; ++i2) {
                const int8_t *row = input + i0 * stride[0] + i1 * stride[1] + i2 * stride[2];
                for (i3 = 0; i3 < out_shape[3]; ++i3) {
                    output[o++] = row[i3 * stride[3]];
                }
            }
        }
    }
}
