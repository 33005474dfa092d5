package dev.tinyforge.runtime;

/** A model a backend cannot load or run; the message names the file and the reason. */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }
}
