/*
 * TinyForge int8 (and 16x8) kernels: C99, no allocation, no globals. Every kernel computes exactly what
 * TensorFlow Lite's built-in int8 kernel computes (same requantization, same rounding), so a
 * generated model gives TFLite's bytes on any core.
 *
 * Quantization conventions: activations int8 with a zero point per tensor; weights int8 symmetric
 * (zero point 0) per output channel or per tensor; biases int32 with scale input x weight.
 * A real multiplier M is given as (multiplier, shift) with M = multiplier / 2^31 * 2^shift,
 * multiplier in [2^30, 2^31) or 0, as TFLite's QuantizeMultiplier produces.
 *
 * This header is the library's list: every function it declares lives in src/<function>.c (a
 * <kernel>_get_buffer_size in its kernel's file), and "@needs" names the tfg_ functions of other
 * files that a source calls, so a project links a kernel's closure and nothing else (the Java side
 * reads this header; KernelLibraryTest checks the needs against the compiler's undefined symbols).
 */
#ifndef TFG_KERNELS_H
#define TFG_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Shape of an NHWC tensor. */
typedef struct {
    int32_t n;
    int32_t h;
    int32_t w;
    int32_t c;
} tfg_dims;

/** Geometry and quantization of a convolution (CONV_2D or DEPTHWISE_CONV_2D). */
typedef struct {
    int32_t stride_h;
    int32_t stride_w;
    int32_t dilation_h;
    int32_t dilation_w;
    int32_t pad_top;          /**< padding before the data, TFLite's SAME arithmetic */
    int32_t pad_left;
    int32_t depth_multiplier; /**< depthwise only */
    int32_t input_offset;     /**< minus the input zero point */
    int32_t output_offset;    /**< the output zero point */
    int32_t act_min;          /**< fused activation clamp, in output quantized units */
    int32_t act_max;
} tfg_conv_params;

/** Per-output-channel requantization: one multiplier and shift per channel. */
typedef struct {
    const int32_t *multiplier;
    const int32_t *shift;
} tfg_per_channel_quant;

/** Geometry of AVERAGE_POOL_2D / MAX_POOL_2D. */
typedef struct {
    int32_t filter_h;
    int32_t filter_w;
    int32_t stride_h;
    int32_t stride_w;
    int32_t pad_top;
    int32_t pad_left;
    int32_t act_min;
    int32_t act_max;
} tfg_pool_params;

/** Quantization of ADD (TFLite's scheme: both inputs rescaled to a common scale with 20 bits of headroom). */
typedef struct {
    int32_t input1_offset;
    int32_t input2_offset;
    int32_t output_offset;
    int32_t left_shift;
    int32_t input1_multiplier;
    int32_t input1_shift;
    int32_t input2_multiplier;
    int32_t input2_shift;
    int32_t output_multiplier;
    int32_t output_shift;
    int32_t act_min;
    int32_t act_max;
} tfg_add_params;

/** Quantization of MUL: one multiplier for input1_scale x input2_scale / output_scale. */
typedef struct {
    int32_t input1_offset;
    int32_t input2_offset;
    int32_t output_offset;
    int32_t output_multiplier;
    int32_t output_shift;
    int32_t act_min;
    int32_t act_max;
} tfg_mul_params;

/** Quantization of HARD_SWISH: TFLite's 16-bit fixed-point multipliers (see tfg_hard_swish_s8). */
typedef struct {
    int32_t input_zero_point;
    int32_t output_zero_point;
    int16_t output_multiplier;  /**< hi-res input scale (input scale / 2^7) / output scale, Q15 */
    int16_t reluish_multiplier; /**< hi-res input scale / (3 / 2^15), Q15 */
    int32_t output_shift;       /**< exponent of the output multiplier, <= 0 */
    int32_t reluish_shift;      /**< exponent of the reluish multiplier */
} tfg_hard_swish_params;

/**
 * @brief x * M rounded as TFLite does (gemmlowp's saturating rounding doubling high multiply, then a
 *        rounding right shift): TFLite's MultiplyByQuantizedMultiplier without TFLITE_SINGLE_ROUNDING.
 * @param shift in [-31, 30]
 */
int32_t tfg_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift);

/**
 * @brief x * M as TFLite's ruy GEMM path computes it (CONV_2D, FULLY_CONNECTED): left shift, high
 *        multiply rounded half up, right shift rounded half up. Differs from
 *        tfg_multiply_by_quantized_multiplier only on negative ties.
 * @param shift in [-31, 7]
 */
int32_t tfg_multiply_by_quantized_multiplier_ruy(int32_t x, int32_t multiplier, int32_t shift);

/**
 * @brief CONV_2D, per-channel int8 (requantized as TFLite's ruy path). Input NHWC, filter [Cout, Kh, Kw, Cin/groups], bias [Cout] or NULL.
 *        Grouped when the filter's depth is a divisor of the input depth. On a core with the DSP extension,
 *        an ungrouped convolution given a word-aligned scratch of tfg_conv2d_s8_get_buffer_size bytes runs an
 *        SMLAD im2col GEMM (same bytes); with scratch NULL, or elsewhere, the plain loop. Compiled with AVX2 (the
 *        x86-64 host), an ungrouped convolution takes a VPMADDWD path without scratch (same bytes).
 * @needs tfg_multiply_by_quantized_multiplier_ruy
 */
void tfg_conv2d_s8(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                   const tfg_dims *input_dims, const int8_t *input,
                   const tfg_dims *filter_dims, const int8_t *filter, const int32_t *bias,
                   const tfg_dims *output_dims, int8_t *output, int8_t *scratch);

/**
 * @brief Scratch bytes tfg_conv2d_s8 uses on this core: with DSP two im2col columns of K = Kh x Kw x Cin 16-bit
 *        values (4 x K), plus an int8 window (K) when the filter is larger than 1x1; else 0.
 */
int32_t tfg_conv2d_s8_get_buffer_size(const tfg_dims *input_dims, const tfg_dims *filter_dims);

/**
 * @brief DEPTHWISE_CONV_2D, per-channel int8. Filter [1, Kh, Kw, C*M] (filter_dims n=1, h, w, c=C*M);
 *        output channel c*M+m reads input channel c.
 * @needs tfg_multiply_by_quantized_multiplier
 */
void tfg_depthwise_conv2d_s8(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                             const tfg_dims *input_dims, const int8_t *input,
                             const tfg_dims *filter_dims, const int8_t *filter, const int32_t *bias,
                             const tfg_dims *output_dims, int8_t *output);

/**
 * @brief FULLY_CONNECTED int8: rows x [cin] times weights [cout, cin] plus bias [cout] (or NULL).
 *        One multiplier/shift for the layer, or one per output channel when per_channel is non-zero.
 *        On a core with the DSP extension, two output channels per pass with SMLAD (same bytes, no scratch).
 * @needs tfg_multiply_by_quantized_multiplier_ruy
 */
void tfg_fully_connected_s8(int32_t rows, int32_t cin, int32_t cout, int32_t input_offset,
                            int32_t output_offset, const int32_t *multiplier, const int32_t *shift,
                            int32_t per_channel, int32_t act_min, int32_t act_max,
                            const int8_t *input, const int8_t *weights, const int32_t *bias,
                            int8_t *output);

/**
 * @brief ADD int8 with broadcasting. Shapes are given as 4-D NHWC (pad lower ranks with leading 1s);
 *        a dimension of size 1 in an input is broadcast.
 * @needs tfg_multiply_by_quantized_multiplier
 */
void tfg_add_s8(const tfg_add_params *params, const tfg_dims *input1_dims, const int8_t *input1,
                const tfg_dims *input2_dims, const int8_t *input2, const tfg_dims *output_dims,
                int8_t *output);

/** @brief AVERAGE_POOL_2D int8: mean of the in-bounds part of each window, rounded half away from zero. */
void tfg_avgpool_s8(const tfg_pool_params *params, const tfg_dims *input_dims, const int8_t *input,
                    const tfg_dims *output_dims, int8_t *output);

/** @brief MAX_POOL_2D int8 over the in-bounds part of each window. */
void tfg_maxpool_s8(const tfg_pool_params *params, const tfg_dims *input_dims, const int8_t *input,
                    const tfg_dims *output_dims, int8_t *output);

/**
 * @brief PAD int8 of a 4-D tensor: pads[2*d] before and pads[2*d+1] after dimension d, filled with
 *        pad_value (the zero point, which represents 0.0).
 */
void tfg_pad_s8(const tfg_dims *input_dims, const int8_t *input, const int32_t *pads, int8_t pad_value,
                const tfg_dims *output_dims, int8_t *output);

/**
 * @brief CONCATENATION of inputs sharing one quantization: outer is the product of the dimensions
 *        before the axis, chunk[i] the size of input i from the axis on.
 */
void tfg_concat_s8(int32_t count, const int8_t *const *inputs, const int32_t *chunk, int32_t outer,
                   int8_t *output);

/**
 * @brief MEAN over H and W of an NHWC int8 tensor (global average pooling); output [N, C].
 * @param multiplier, shift  (input scale / output scale) / count, folded as TFLite's Mean does
 * @needs tfg_multiply_by_quantized_multiplier
 */
void tfg_mean_hw_s8(const tfg_dims *input_dims, const int8_t *input, int32_t input_zero_point,
                    int32_t multiplier, int32_t shift, int32_t output_zero_point, int8_t *output);

/**
 * @brief MEAN over any axes of an int8 tensor of rank up to 4 (leading 1s pad smaller ranks), as
 *        TFLite's integer QuantizedMeanOrSum; output in row-major order of the kept dimensions, which
 *        is the same with or without keep_dims.
 * @param axes  bit d set when dimension d of (n, h, w, c) is reduced (bit 0: n, bit 3: c)
 * @param multiplier, shift  (input scale / output scale) / count, folded as TFLite's Mean does, count
 *        being the number of input elements averaged into each output
 * @needs tfg_multiply_by_quantized_multiplier
 */
void tfg_mean_s8(const tfg_dims *input_dims, int32_t axes, const int8_t *input, int32_t input_zero_point,
                 int32_t multiplier, int32_t shift, int32_t output_zero_point, int8_t *output);

/**
 * @brief SOFTMAX int8 over the last dimension (rows x depth); output scale 1/256 and zero point -128
 *        for TFLite models.
 * @param exp_table 256 floats, exp_table[255 - d] = exp(-input_scale * beta * d)
 */
void tfg_softmax_s8(const float *exp_table, int32_t rows, int32_t depth, float output_scale,
                    int32_t output_zero_point, const int8_t *input, int8_t *output);

/**
 * @brief LOG_SOFTMAX int8 over the last dimension (rows x depth), as TFLite's int8 LogSoftmax: float
 *        sum of exp from a table, its natural log computed as glibc's logf does, round half to even.
 *        Output scale 16/256 and zero point 127 (the only ones TFLite accepts).
 * @param exp_table 256 floats, exp_table[255 - d] = exp(-input_scale * d) (SOFTMAX's table, beta 1)
 * @param input_scale the input's scale (any zero point: only differences of inputs matter)
 */
void tfg_log_softmax_s8(const float *exp_table, int32_t rows, int32_t depth, float input_scale,
                        const int8_t *input, int8_t *output);

/**
 * @brief MUL int8 with broadcasting (4-D NHWC shapes, size-1 dimensions broadcast).
 * @needs tfg_multiply_by_quantized_multiplier
 */
void tfg_mul_s8(const tfg_mul_params *params, const tfg_dims *input1_dims, const int8_t *input1,
                const tfg_dims *input2_dims, const int8_t *input2, const tfg_dims *output_dims,
                int8_t *output);

/** @brief output[i] = table[input[i] + 128]: LOGISTIC and other int8 functions given as a table. */
void tfg_lookup_s8(const int8_t *table, const int8_t *input, int32_t n, int8_t *output);

/**
 * @brief MEAN over H and W with keep_dims (TFLite's optimized integer Mean); output [N, 1, 1, C].
 * @param multiplier, shift  input_scale / (count x output_scale); bias  output zero point minus the
 *        rounded input zero point in output units
 * @needs tfg_multiply_by_quantized_multiplier
 */
void tfg_mean_hw_keepdims_s8(const tfg_dims *input_dims, const int8_t *input, int32_t multiplier,
                             int32_t shift, int32_t bias, int8_t *output);

/** @brief Copies n bytes (RESHAPE, and any op whose int8 data does not change). */
void tfg_copy_s8(const int8_t *input, int32_t n, int8_t *output);

/**
 * @brief Copies a rows x cols x channels spatial sub-rectangle between two batch-1 NHWC int8 images of
 *        possibly different widths: source pixel (src_y + r, src_x + q) to destination pixel
 *        (dst_y + r, dst_x + q). Patch-based inference uses it to cut a patch's input tile out of the
 *        full model input and to paste a patch's output tile into the full stage output.
 * @param src_w, dst_w  widths (pixels per row) of the source and destination images
 * @note The two regions must not overlap.
 */
void tfg_copy_rect_s8(const int8_t *src, int32_t src_w, int32_t src_y, int32_t src_x,
                      int32_t rows, int32_t cols, int32_t channels,
                      int8_t *dst, int32_t dst_w, int32_t dst_y, int32_t dst_x);

/**
 * @brief DEPTHWISE_CONV_2D computed in place (depth multiplier 1, batch 1, output no larger than the
 *        input): the output is written over the input in buffer. Needs scratch of
 *        tfg_depthwise_conv2d_inplace_s8_get_buffer_size bytes, given as scratch_bytes: one input channel
 *        (H x W), or on a core with the DSP extension its padded plane, which selects the SMLAD path.
 * @needs tfg_multiply_by_quantized_multiplier
 */
void tfg_depthwise_conv2d_inplace_s8(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                                     const tfg_dims *input_dims, const tfg_dims *filter_dims,
                                     const int8_t *filter, const int32_t *bias, const tfg_dims *output_dims,
                                     int8_t *buffer, int8_t *scratch, int32_t scratch_bytes);

/**
 * @brief Scratch bytes tfg_depthwise_conv2d_inplace_s8 needs on this core: height x width of the input,
 *        or with the DSP extension the padded plane the outputs read, ((Ho-1)*stride_h + (Kh-1)*dilation_h + 1)
 *        x ((Wo-1)*stride_w + (Kw-1)*dilation_w + 1), plus 3.
 */
int32_t tfg_depthwise_conv2d_inplace_s8_get_buffer_size(const tfg_dims *input_dims, const tfg_dims *filter_dims,
                                                        const tfg_dims *output_dims, int32_t stride_h,
                                                        int32_t stride_w, int32_t dilation_h, int32_t dilation_w);

/**
 * @brief int8 -> int8 requantization with clamping: standalone RELU and RELU6 (the clamp carries the
 *        activation) and int8 -> int8 QUANTIZE.
 * @needs tfg_multiply_by_quantized_multiplier
 */
void tfg_requantize_s8(const int8_t *input, int32_t n, int32_t input_zero_point, int32_t multiplier,
                       int32_t shift, int32_t output_zero_point, int32_t act_min, int32_t act_max,
                       int8_t *output);

/** @brief HARD_SWISH int8, x * relu6(x + 3) / 6, in TFLite's 16-bit fixed-point arithmetic. */
void tfg_hard_swish_s8(const tfg_hard_swish_params *params, const int8_t *input, int32_t n, int8_t *output);

/**
 * @brief TRANSPOSE of a tensor of rank up to 4, given as NHWC dims with leading 1s.
 * @param perm 4 entries: output dimension d is input dimension perm[d]
 */
void tfg_transpose_s8(const tfg_dims *input_dims, const int8_t *input, const int32_t *perm,
                      int8_t *output);

/**
 * @brief RESIZE_NEAREST_NEIGHBOR: output row y copies input row source_y[y], column x copies
 *        source_x[x] (tables computed by the code generator with TFLite's index arithmetic).
 */
void tfg_resize_nearest_s8(const tfg_dims *input_dims, const int8_t *input, const int32_t *source_y,
                           const int32_t *source_x, const tfg_dims *output_dims, int8_t *output);

/**
 * @brief x / scale rounded half away from zero with the quotient in double precision (TFLite's QUANTIZE),
 *        within +-1e9; NaN gives 0. The float QUANTIZE kernels' exact path for ties, NaN and huge values.
 */
int32_t tfg_quantize_round_exact_f32(float x, float scale);

/**
 * @brief QUANTIZE float32 -> int8: round(x / scale) half away from zero, plus zero point, saturated;
 *        in single precision, exact (see the file's comment).
 * @needs tfg_quantize_round_exact_f32
 */
void tfg_quantize_f32_s8(const float *input, int32_t n, float scale, int32_t zero_point, int8_t *output);

/** @brief DEQUANTIZE int8 -> float32: scale * (q - zero_point). */
void tfg_dequantize_s8_f32(const int8_t *input, int32_t n, float scale, int32_t zero_point, float *output);

/*
 * TFLite's 16x8 mode: int16 activations (symmetric, zero point 0), int8 weights as above, int64
 * biases with scale input x weight. The _s16 kernels compute what TFLite 2.20's built-in kernels compute
 * for int16 tensors (its reference kernels, which it runs for int16 with int64 biases). Activation
 * clamps (act_min, act_max) are in int16 units.
 */

/**
 * @brief x * M for a 64-bit accumulator, as TFLite's MultiplyByQuantizedMultiplier(int64_t, ...): the Q31
 *        multiplier rounded to Q15, one product, one right shift rounded half up (the 16x8 kernels).
 * @param shift in [-31, 7]
 */
int32_t tfg_multiply_by_quantized_multiplier_int64(int64_t x, int32_t multiplier, int32_t shift);

/**
 * @brief CONV_2D 16x8: int16 input and output, int8 per-channel filter [Cout, Kh, Kw, Cin/groups], int64
 *        bias [Cout] or NULL; 64-bit accumulation. Grouped when the filter's depth divides the input depth.
 *        The params' offsets are not used (zero points are 0).
 * @needs tfg_multiply_by_quantized_multiplier_int64
 */
void tfg_conv2d_s16(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                    const tfg_dims *input_dims, const int16_t *input,
                    const tfg_dims *filter_dims, const int8_t *filter, const int64_t *bias,
                    const tfg_dims *output_dims, int16_t *output);

/**
 * @brief DEPTHWISE_CONV_2D 16x8: int16 input and output, int8 per-channel filter [1, Kh, Kw, C*M], int64
 *        bias or NULL; 64-bit accumulation. The params' offsets are not used (zero points are 0).
 * @needs tfg_multiply_by_quantized_multiplier_int64
 */
void tfg_depthwise_conv2d_s16(const tfg_conv_params *params, const tfg_per_channel_quant *quant,
                              const tfg_dims *input_dims, const int16_t *input,
                              const tfg_dims *filter_dims, const int8_t *filter, const int64_t *bias,
                              const tfg_dims *output_dims, int16_t *output);

/**
 * @brief FULLY_CONNECTED 16x8: rows x [cin] int16 times int8 weights [cout, cin] plus int64 bias [cout] (or
 *        NULL), requantized in double as TFLite 2.20 does for int16: round(acc x scale).
 * @param scale  input scale x weight scale / output scale, in double: one for the layer, or one per output
 *        channel when per_channel is non-zero
 */
void tfg_fully_connected_s16(int32_t rows, int32_t cin, int32_t cout, const double *scale, int32_t per_channel,
                             int32_t act_min, int32_t act_max, const int16_t *input, const int8_t *weights,
                             const int64_t *bias, int16_t *output);

/**
 * @brief ADD int16 with broadcasting (4-D NHWC shapes, size-1 dimensions broadcast): TFLite's general-scale
 *        int16 Add, tfg_add_s8's scheme with a left shift of 15.
 * @needs tfg_multiply_by_quantized_multiplier
 */
void tfg_add_s16(const tfg_add_params *params, const tfg_dims *input1_dims, const int16_t *input1,
                 const tfg_dims *input2_dims, const int16_t *input2, const tfg_dims *output_dims,
                 int16_t *output);

/**
 * @brief MUL int16 with broadcasting (4-D NHWC shapes, size-1 dimensions broadcast).
 * @needs tfg_multiply_by_quantized_multiplier
 */
void tfg_mul_s16(const tfg_mul_params *params, const tfg_dims *input1_dims, const int16_t *input1,
                 const tfg_dims *input2_dims, const int16_t *input2, const tfg_dims *output_dims,
                 int16_t *output);

/** @brief AVERAGE_POOL_2D int16: mean of the in-bounds part of each window, rounded half away from zero. */
void tfg_avgpool_s16(const tfg_pool_params *params, const tfg_dims *input_dims, const int16_t *input,
                     const tfg_dims *output_dims, int16_t *output);

/** @brief MAX_POOL_2D int16 over the in-bounds part of each window. */
void tfg_maxpool_s16(const tfg_pool_params *params, const tfg_dims *input_dims, const int16_t *input,
                     const tfg_dims *output_dims, int16_t *output);

/** Parameters of SOFTMAX int16 (TFLite's SoftmaxInt16). */
typedef struct {
    int32_t input_multiplier;               /**< input scale x beta / (10 / 65535), as QuantizeMultiplier */
    int32_t input_shift;
    const int16_t *exp_lut;                 /**< 513 entries: exp(x) for x in [-10, 0], Q0.15 */
    const int16_t *one_over_one_plus_x_lut; /**< 513 entries: 1 / (1 + x) for x in [0, 1], Q0.15 */
} tfg_softmax_s16_params;

/**
 * @brief SOFTMAX int16 over the last dimension (rows x depth); output scale 1/32768, zero point 0. The output
 *        must not overlap the input (it holds the exponentials before they are normalised).
 * @needs tfg_multiply_by_quantized_multiplier
 */
void tfg_softmax_s16(const tfg_softmax_s16_params *params, int32_t rows, int32_t depth, const int16_t *input,
                     int16_t *output);

/**
 * @brief LOGISTIC int16, TFLite's table-interpolated sigmoid; output scale 1/32768, zero point 0.
 * @param input_multiplier, input_left_shift  input scale x 3 x 2^12 x 2^left_shift, truncated, as TFLite's
 *        Prepare computes them (scales that are exactly 2^-12 take another TFLite kernel)
 */
void tfg_logistic_s16(int32_t input_multiplier, int32_t input_left_shift, const int16_t *input, int32_t n,
                      int16_t *output);

/**
 * @brief MEAN over any axes of an int16 tensor of rank up to 4, as tfg_mean_s8's general path.
 * @param axes  bit d set when dimension d of (n, h, w, c) is reduced
 * @needs tfg_multiply_by_quantized_multiplier
 */
void tfg_mean_s16(const tfg_dims *input_dims, int32_t axes, const int16_t *input, int32_t input_zero_point,
                  int32_t multiplier, int32_t shift, int32_t output_zero_point, int16_t *output);

/**
 * @brief QUANTIZE float32 -> int16: round(x / scale) half away from zero, plus zero point, saturated;
 *        in single precision, exact (see tfg_quantize_f32_s8).
 * @needs tfg_quantize_round_exact_f32
 */
void tfg_quantize_f32_s16(const float *input, int32_t n, float scale, int32_t zero_point, int16_t *output);

/**
 * @brief int16 -> int16 QUANTIZE (a new scale), saturated.
 * @needs tfg_multiply_by_quantized_multiplier
 */
void tfg_requantize_s16(const int16_t *input, int32_t n, int32_t input_zero_point, int32_t multiplier,
                        int32_t shift, int32_t output_zero_point, int16_t *output);

/**
 * @brief int16 -> int8 QUANTIZE, saturated.
 * @needs tfg_multiply_by_quantized_multiplier
 */
void tfg_requantize_s16_s8(const int16_t *input, int32_t n, int32_t input_zero_point, int32_t multiplier,
                           int32_t shift, int32_t output_zero_point, int8_t *output);

/** @brief DEQUANTIZE int16 -> float32: scale * (q - zero_point). */
void tfg_dequantize_s16_f32(const int16_t *input, int32_t n, float scale, int32_t zero_point, float *output);

#ifdef __cplusplus
}
#endif

#endif /* TFG_KERNELS_H */
