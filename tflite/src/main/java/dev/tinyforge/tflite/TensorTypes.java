package dev.tinyforge.tflite;

/**
 * Facts about TFLite's {@code TensorType} codes that the verifier needs for any type a file may carry,
 * including those TinyForge does not compute with: the name, the element size, and whether
 * quantization parameters apply to it.
 */
final class TensorTypes {
    /** Names by code, as in the schema; codes past the end are shown as numbers. */
    private static final String[] NAMES = {"FLOAT32", "FLOAT16", "INT32", "UINT8", "INT64", "STRING", "BOOL", "INT16",
        "COMPLEX64", "INT8", "FLOAT64", "COMPLEX128", "UINT64", "RESOURCE", "VARIANT", "UINT32", "UINT16", "INT4",
        "BFLOAT16"};

    /** Bytes per element by code; 0 where the size depends on the content (strings, resources, packed int4). */
    private static final int[] SIZES = {4, 2, 4, 1, 8, 0, 1, 2, 8, 1, 8, 16, 8, 0, 0, 4, 2, 0, 2};

    private TensorTypes() {
    }

    static String name(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : "type " + code;
    }

    /** Bytes per element, or 0 when unknown or not fixed. */
    static int size(int code) {
        return code >= 0 && code < SIZES.length ? SIZES[code] : 0;
    }

    /** Integer types, whose quantization parameters kernels use to requantize. */
    static boolean isInteger(int code) {
        return switch (name(code)) {
            case "INT8", "UINT8", "INT16", "UINT16", "INT32", "UINT32", "INT64", "UINT64", "INT4" -> true;
            default -> false;
        };
    }
}
