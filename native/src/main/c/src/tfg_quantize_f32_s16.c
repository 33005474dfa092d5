/*
 * QUANTIZE float32 -> int16 at a 16x8 model's input: round(x / scale) + zero point, rounding half away
 * from zero in double precision as TFLite's AffineQuantize does, then saturating to int16. No libm needed.
 */
#include "tfg_kernels.h"

void tfg_quantize_f32_s16(const float *input, int32_t n, float scale, int32_t zero_point, int16_t *output)
{
    int32_t i;
    for (i = 0; i < n; ++i) {
        double q = (double)input[i] / (double)scale;
        double whole;
        int32_t out;
        if (!(q == q)) {
            q = 0.0; /* NaN: TFLite's cast is undefined; the zero point is the neutral choice */
        }
        q = q > 1e9 ? 1e9 : q;
        q = q < -1e9 ? -1e9 : q;
        whole = (double)(int32_t)q; /* truncation toward zero, exact below 2^31 */
        if (q - whole >= 0.5) {
            whole += 1.0;
        } else if (whole - q >= 0.5) {
            whole -= 1.0;
        }
        out = (int32_t)whole + zero_point;
        out = out > INT16_MAX ? INT16_MAX : out;
        out = out < INT16_MIN ? INT16_MIN : out;
        output[i] = (int16_t)out;
    }
}
