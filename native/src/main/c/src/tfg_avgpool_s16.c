/*
 * AVERAGE_POOL_2D int16 (16x8 mode): in-bounds mean, rounded half away from zero (TFLite's reference
 * integer AveragePool for int16, its only int16 kernel).
 */
#include "tfg_kernels.h"

void tfg_avgpool_s16(const tfg_pool_params *params, const tfg_dims *input_dims, const int16_t *input,
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
                const int32_t count = (y_end - y_start) * (x_end - x_start);
                for (c = 0; c < output_dims->c; ++c) {
                    int32_t acc = 0;
                    for (iy = y_start; iy < y_end; ++iy) {
                        for (ix = x_start; ix < x_end; ++ix) {
                            acc += input[((b * input_dims->h + iy) * input_dims->w + ix) * input_dims->c + c];
                        }
                    }
                    acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
                    acc = acc < params->act_min ? params->act_min : acc;
                    acc = acc > params->act_max ? params->act_max : acc;
                    output[((b * output_dims->h + oy) * output_dims->w + ox) * output_dims->c + c] = (int16_t)acc;
                }
            }
        }
    }
}
