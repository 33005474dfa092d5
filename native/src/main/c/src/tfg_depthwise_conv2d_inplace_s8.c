/*
 * DEPTHWISE_CONV_2D int8 (depth multiplier 1, batch 1) computed in place, as TinyEngine does: for each
 * channel, the input channel is saved in scratch, then the output channel is written over the buffer.
 * Output pixel p of channel c is byte p * C + c, which held input pixel p of channel c: already saved,
 * since the output has no more pixels than the input. Same arithmetic as tfg_depthwise_conv2d_s8.
 */
#include "tfg_internal.h"

void tfg_depthwise_conv2d_inplace_s8(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                     const tfg_dims *input_dims, const tfg_dims *filter_dims,
                                     const int8_t *filter, const int32_t *bias, const tfg_dims *output_dims,
                                     int8_t *buffer, int8_t *scratch)
{
    const int32_t in_h = input_dims->h;
    const int32_t in_w = input_dims->w;
    const int32_t depth = input_dims->c;
    int32_t c, p, oy, ox;

    for (c = 0; c < depth; ++c) {
        for (p = 0; p < in_h * in_w; ++p) {
            scratch[p] = buffer[p * depth + c];
        }
        for (oy = 0; oy < output_dims->h; ++oy) {
            for (ox = 0; ox < output_dims->w; ++ox) {
                buffer[(oy * output_dims->w + ox) * depth + c] =
                    tfg_depthwise_value(params, quant, scratch, 1, in_h, in_w, filter_dims, filter, bias, c, oy, ox);
            }
        }
    }
}

int32_t tfg_depthwise_conv2d_inplace_s8_get_buffer_size(const tfg_dims *input_dims)
{
    return input_dims->h * input_dims->w;
}
