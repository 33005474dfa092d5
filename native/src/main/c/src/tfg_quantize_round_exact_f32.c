/*
 * x / scale rounded half away from zero, as TFLite's built-in QUANTIZE computes it (the quotient in
 * double precision), kept within +-1e9 so that adding a zero point cannot overflow; NaN gives 0 (TFLite's
 * cast of NaN is undefined; 0 leaves the zero point, the neutral choice). The float kernels call it only
 * for the rare elements whose single-precision quotient cannot decide the rounding on its own.
 */
#include "tfg_kernels.h"

int32_t tfg_quantize_round_exact_f32(float x, float scale)
{
    double q = (double)x / (double)scale;
    double whole;
    if (!(q == q)) {
        return 0;
    }
    q = q > 1e9 ? 1e9 : q;
    q = q < -1e9 ? -1e9 : q;
    whole = (double)(int32_t)q; /* truncation toward zero, exact below 2^31 */
    if (q - whole >= 0.5) {
        whole += 1.0;
    } else if (whole - q >= 0.5) {
        whole -= 1.0;
    }
    return (int32_t)whole;
}
