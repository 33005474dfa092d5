/**
 * @file tfg_model.h
 * @brief The stable C ABI of a generated model: one descriptor per model that says what it takes and
 *        gives, and one untyped entry point, so a host (TinyForge's Java runtime, a test harness, an
 *        application) can call any model without being compiled against its header.
 *
 * Every generated model defines, next to its typed entry point
 * @code int <prefix>_invoke(const int8_t *input, int8_t *output); @endcode
 * (float for a model with float32 input or output, int16_t for a 16x8 model's int16 input or output) a
 * constant descriptor
 * @code extern const tfg_model <prefix>_model; @endcode
 * whose @c invoke takes arrays of pointers, one per input and one per output, in the model's order.
 * The descriptor lives in read-only memory; the model's arena is its own static array.
 *
 * Layout rules, kept so that the ABI stays readable across compilers and targets: fields have fixed
 * widths (the dtype is stored as an @c int32_t, not as the enum, whose size is the compiler's choice),
 * and fields are only ever added at the end of a struct, with @c TFG_MODEL_ABI_VERSION raised.
 */
#ifndef TFG_MODEL_H
#define TFG_MODEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The ABI version this header describes; a reader refuses descriptors of another version. */
#define TFG_MODEL_ABI_VERSION 1

/**
 * @brief Element type of a model input or output. The values are TFLite's @c TensorType codes, so
 *        a reader that already knows TFLite's types needs no second table.
 */
typedef enum {
    TFG_DTYPE_FLOAT32 = 0, /**< IEEE-754 binary32, the host's byte order */
    TFG_DTYPE_INT32 = 2,   /**< reserved: no model input or output is int32 yet */
    TFG_DTYPE_INT16 = 7,   /**< int16 (TFLite's 16x8 mode), quantized: real = scale * (q - zero_point), zero point 0 */
    TFG_DTYPE_INT8 = 9     /**< int8 in [-128, 127], quantized: real = scale * (q - zero_point) */
} tfg_dtype;

/** @brief One input or output tensor of a model. */
typedef struct {
    const char *name;       /**< the tensor's name in the .tflite model, NUL-terminated */
    int32_t dtype;          /**< a ::tfg_dtype value */
    int32_t rank;           /**< number of dimensions (0 for a scalar) */
    const int32_t *dims;    /**< @c rank dimensions, outermost first (NHWC for images); NULL when rank is 0 */
    uint32_t bytes;         /**< size of the tensor's buffer: the product of @c dims times the element size */
    float scale;            /**< quantization scale of an int8 or int16 tensor; 0 for float32 */
    int32_t zero_point;     /**< quantization zero point of an int8 tensor, in [-128, 127]; 0 for int16 and float32 */
} tfg_tensor_info;

/**
 * @brief Runs one inference.
 * @param inputs  one pointer per model input, in order, each to @c tfg_tensor_info.bytes readable bytes
 * @param outputs one pointer per model output, in order, each to @c tfg_tensor_info.bytes writable bytes
 * @return 0 on success
 *
 * Not reentrant: the model's arena is one static array. Buffers need only the alignment of their
 * element type (1 for int8, 2 for int16, 4 for float32) and may not overlap one another.
 */
typedef int (*tfg_invoke_fn)(const void *const *inputs, void *const *outputs);

/** @brief What a generated model is and how to call it. */
typedef struct {
    uint32_t abi_version;           /**< TFG_MODEL_ABI_VERSION of the code generator that wrote it */
    const char *name;               /**< the model's name (the graph's), NUL-terminated */
    uint32_t arena_bytes;           /**< bytes of the model's static arena (its peak SRAM for activations) */
    uint32_t num_inputs;            /**< entries of @c inputs, at least 1 */
    uint32_t num_outputs;           /**< entries of @c outputs, at least 1 */
    const tfg_tensor_info *inputs;  /**< the model's inputs, in the order @c invoke takes them */
    const tfg_tensor_info *outputs; /**< the model's outputs, in the order @c invoke takes them */
    tfg_invoke_fn invoke;           /**< the untyped entry point */
} tfg_model;

#ifdef __cplusplus
}
#endif

#endif
