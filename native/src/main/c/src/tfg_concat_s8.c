/* CONCATENATION of int8 tensors that share one quantization: plain copies. */
#include "tfg_kernels.h"

void tfg_concat_s8(int32_t count, const int8_t *const *inputs, const int32_t *chunk, int32_t outer,
                   int8_t *output)
{
    int32_t o, i, k;
    int8_t *out = output;
    for (o = 0; o < outer; ++o) {
        for (i = 0; i < count; ++i) {
            const int8_t *src = inputs[i] + o * chunk[i];
            for (k = 0; k < chunk[i]; ++k) {
                out[k] = src[k];
            }
            out += chunk[i];
        }
    }
}
