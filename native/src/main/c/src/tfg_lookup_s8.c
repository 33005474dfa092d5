/* Element-wise int8 -> int8 through a 256-entry table indexed by x + 128 (TFLite's int8 LOGISTIC). */
#include "tfg_kernels.h"

void tfg_lookup_s8(const int8_t *table, const int8_t *input, int32_t n, int8_t *output)
{
    int32_t i;
    for (i = 0; i < n; ++i) {
        output[i] = table[input[i] + 128];
    }
}
