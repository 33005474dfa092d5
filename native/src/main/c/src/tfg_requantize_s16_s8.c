/*
 * int16 -> int8 with a new scale (TFLite's Requantize behind an int16 -> int8 QUANTIZE): input minus
 * zero point, requantized with gemmlowp's double rounding, plus the output zero point, saturated.
 */
#include "tfg_kernels.h"

void tfg_requantize_s16_s8(const int16_t *input, int32_t n, int32_t input_zero_point, int32_t multiplier,
                           int32_t shift, int32_t output_zero_point, int8_t *output)
{
    int32_t i;
    for (i = 0; i < n; ++i) {
        int32_t out = output_zero_point
                      + tfg_multiply_by_quantized_multiplier(input[i] - input_zero_point, multiplier, shift);
        out = out < INT8_MIN ? INT8_MIN : out;
        out = out > INT8_MAX ? INT8_MAX : out;
        output[i] = (int8_t)out;
    }
}
