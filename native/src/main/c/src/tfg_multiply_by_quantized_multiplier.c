/* Fixed-point requantization, as TFLite's MultiplyByQuantizedMultiplier (double rounding). */
#include "tfg_internal.h"

int32_t tfg_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift)
{
    return tfg_requantize_inline(x, multiplier, shift);
}
