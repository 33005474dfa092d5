/* MAX_POOL_2D int16 (16x8 mode) over the in-bounds part of each window (TFLite's reference MaxPool). */
#include "tfg_kernels.h"

void tfg_maxpool_s16(const tfg_pool_params *params, const tfg_dims *input_dims, const int16_t *input,
                    const tfg_dims *output_dims, int16_t *output)
{
    int32_t b, oy, ox, c, iy, ix;
    for (b = 0; b < output_dims->n; ++b) {
        for (oy = 0; oy < output_dims->h; ++oy) {
            const int32_t y0 = oy * params->stride_h - params->pad_top;
            const int32_t y_start = y0 < 0 ? 0 : y0;
            const int32_t y_end = y0 + params->filter_h > input_dims->h ? input_dims->h : y0 + params->filter_h;
            for (ox = 0; ox < output_dims->w; ++ox) {
                const int32_t x0 = ox * params->stride_w - params->pad_left;
                const int32_t x_start = x0 < 0 ? 0 : x0;
                const int32_t x_end = x0 + params->filter_w > input_dims->w ? input_dims->w : x0 + params->filter_w;
                for (c = 0; c < output_dims->c; ++c) {
                    int32_t best = -32768;
                    for (iy = y_start; iy < y_end; ++iy) {
                        for (ix = x_start; ix < x_end; ++ix) {
                            const int32_t v = input[((b * input_dims->h + iy) * input_dims->w + ix) * input_dims->c + c];
                            best = v > best ? v : best;
                        }
                    }
                    best = best < params->act_min ? params->act_min : best;
                    best = best > params->act_max ? params->act_max : best;
                    output[((b * output_dims->h + oy) * output_dims->w + ox) * output_dims->c + c] = (int16_t)best;
                }
            }
        }
    }
}
