package dev.tinyforge.cgen;

import dev.tinyforge.tflite.ModelFormatException;

/**
 * A graph the C backend cannot lower: the message names the op, its index and the reason. Control
 * characters of names quoted from a file are escaped, as in {@link ModelFormatException}, so the
 * message stays one line.
 */
public class UnsupportedOpException extends RuntimeException {
    public UnsupportedOpException(String message) {
        super(ModelFormatException.oneLine(message));
    }
}
