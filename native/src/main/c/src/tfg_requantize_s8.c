/*
 * int8 -> int8 with a new scale and zero point, clamped: TFLite's standalone RELU / RELU6 (ReluX) and
 * its int8 -> int8 QUANTIZE (Requantize). The clamp bounds carry the activation.
 */
#include "tfg_kernels.h"

void tfg_requantize_s8(const int8_t *input, int32_t n, int32_t input_zero_point, int32_t multiplier,
                       int32_t shift, int32_t output_zero_point, int32_t act_min, int32_t act_max,
                       int8_t *output)
{
    int32_t i;
    for (i = 0; i < n; ++i) {
        int32_t out = output_zero_point
                      + tfg_multiply_by_quantized_multiplier(input[i] - input_zero_point, multiplier, shift);
        out = out < act_min ? act_min : out;
        out = out > act_max ? act_max : out;
        output[i] = (int8_t)out;
    }
}
