/* FULLY_CONNECTED int8: TFLite's accumulation (weights symmetric), ruy's rounding. */
#include "tfg_kernels.h"

void tfg_fully_connected_s8(int32_t rows, int32_t cin, int32_t cout, int32_t input_offset,
                            int32_t output_offset, const int32_t *multiplier, const int32_t *shift,
                            int32_t per_channel, int32_t act_min, int32_t act_max,
                            const int8_t *input, const int8_t *weights, const int32_t *bias,
                            int8_t *output)
{
    int32_t r, o, i;
    for (r = 0; r < rows; ++r) {
        const int8_t *x = input + r * cin;
        for (o = 0; o < cout; ++o) {
            const int8_t *w = weights + o * cin;
            const int32_t q = per_channel ? o : 0;
            int32_t acc = 0;
            for (i = 0; i < cin; ++i) {
                acc += (int32_t)w[i] * ((int32_t)x[i] + input_offset);
            }
            if (bias != 0) {
                acc += bias[o];
            }
            acc = tfg_multiply_by_quantized_multiplier_ruy(acc, multiplier[q], shift[q]);
            acc += output_offset;
            acc = acc < act_min ? act_min : acc;
            acc = acc > act_max ? act_max : acc;
            output[r * cout + o] = (int8_t)acc;
        }
    }
}
