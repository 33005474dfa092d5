/* Byte copy for ops whose int8 data does not change (RESHAPE). Safe when input == output. */
#include "tfg_kernels.h"

void tfg_copy_s8(const int8_t *input, int32_t n, int8_t *output)
{
    int32_t i;
    if (input == output) {
        return;
    }
    for (i = 0; i < n; ++i) {
        output[i] = input[i];
    }
}
