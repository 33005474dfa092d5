/* Strided copy of a spatial sub-rectangle between NHWC images: patch tiles in and out of full tensors. */
#include "tfg_kernels.h"

void tfg_copy_rect_s8(const int8_t *src, int32_t src_w, int32_t src_y, int32_t src_x,
                      int32_t rows, int32_t cols, int32_t channels,
                      int8_t *dst, int32_t dst_w, int32_t dst_y, int32_t dst_x)
{
    const int32_t row_bytes = cols * channels;
    int32_t r, i;
    for (r = 0; r < rows; ++r) {
        const int8_t *s = src + ((src_y + r) * src_w + src_x) * channels;
        int8_t *d = dst + ((dst_y + r) * dst_w + dst_x) * channels;
        for (i = 0; i < row_bytes; ++i) {
            d[i] = s[i];
        }
    }
}
