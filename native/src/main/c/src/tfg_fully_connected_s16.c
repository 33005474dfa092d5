/*
 * FULLY_CONNECTED of TFLite's 16x8 mode: int16 input and output (zero points 0), int8 weights (per
 * tensor or per channel), int64 bias, a 64-bit accumulator, and TFLite 2.20's requantization for it: not
 * a fixed-point multiplier but the accumulator times input scale x weight scale / output scale in double
 * precision, rounded half away from zero (its reference FullyConnected / FullyConnectedPerChannel taking
 * the scales, which the built-in kernel runs for int64 biases). IEEE double arithmetic (hardware or
 * soft-float) gives the same result on every core; no libm is needed.
 */
#include "tfg_kernels.h"

/* round(x) half away from zero, saturated to [-1e9, 1e9] (beyond any int16 clamp) */
static int32_t round_saturated(double x)
{
    double whole;
    if (!(x == x)) {
        return 0;
    }
    x = x > 1e9 ? 1e9 : x;
    x = x < -1e9 ? -1e9 : x;
    whole = (double)(int32_t)x; /* truncation toward zero, exact below 2^31 */
    if (x - whole >= 0.5) {
        whole += 1.0;
    } else if (whole - x >= 0.5) {
        whole -= 1.0;
    }
    return (int32_t)whole;
}

void tfg_fully_connected_s16(int32_t rows, int32_t cin, int32_t cout, const double *scale, int32_t per_channel,
                             int32_t act_min, int32_t act_max, const int16_t *input, const int8_t *weights,
                             const int64_t *bias, int16_t *output)
{
    int32_t r, o, i;
    for (r = 0; r < rows; ++r) {
        const int16_t *x = input + r * cin;
        for (o = 0; o < cout; ++o) {
            const int8_t *w = weights + o * cin;
            int64_t acc = 0;
            int32_t scaled;
            for (i = 0; i < cin; ++i) {
                acc += (int32_t)w[i] * (int32_t)x[i];
            }
            if (bias != 0) {
                acc += bias[o];
            }
            scaled = round_saturated((double)acc * scale[per_channel ? o : 0]);
            scaled = scaled < act_min ? act_min : scaled;
            scaled = scaled > act_max ? act_max : scaled;
            output[r * cout + o] = (int16_t)scaled;
        }
    }
}
