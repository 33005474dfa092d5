/*
 * int16 -> int16 with a new scale (TFLite's Requantize behind an int16 -> int16 QUANTIZE): input minus
 * zero point, requantized with gemmlowp's double rounding, plus the output zero point, saturated.
 */
#include "tfg_kernels.h"

void tfg_requantize_s16(const int16_t *input, int32_t n, int32_t input_zero_point, int32_t multiplier,
                        int32_t shift, int32_t output_zero_point, int16_t *output)
{
    int32_t i;
    for (i = 0; i < n; ++i) {
        int32_t out = output_zero_point
                      + tfg_multiply_by_quantized_multiplier(input[i] - input_zero_point, multiplier, shift);
        out = out < INT16_MIN ? INT16_MIN : out;
        out = out > INT16_MAX ? INT16_MAX : out;
        output[i] = (int16_t)out;
    }
}
