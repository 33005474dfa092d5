package dev.tinyforge.tflite;

/**
 * A {@code .tflite} file TinyForge cannot read: the message names the file, what is wrong, what was
 * expected and what to do.
 */
public class ModelFormatException extends RuntimeException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
