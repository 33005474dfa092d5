/*
 * Fixed-point requantization as TFLite's CONV_2D and FULLY_CONNECTED compute it on their ruy GEMM
 * path: left shift, high multiply rounded half up, then a right shift rounded half up (SQRDMULH and
 * SRSHL on Arm; ruy's x86 kernels emulate the same). It differs from the gemmlowp reference only on
 * negative ties; established against TFLite 2.20 on 400 random convolutions.
 */
#include "tfg_kernels.h"

int32_t tfg_multiply_by_quantized_multiplier_ruy(int32_t x, int32_t multiplier, int32_t shift)
{
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = shift > 0 ? 0 : -shift;
    const int32_t shifted = (int32_t)((uint32_t)x << left);
    /* Arithmetic right shift of negative int64 values, as on every supported compiler. */
    int64_t t = ((int64_t)shifted * (int64_t)multiplier + ((int64_t)1 << 30)) >> 31;
    if (right > 0) {
        t = (t + ((int64_t)1 << (right - 1))) >> right;
    }
    return (int32_t)t;
}
