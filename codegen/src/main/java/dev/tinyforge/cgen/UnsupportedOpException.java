package dev.tinyforge.cgen;

/** A graph the C backend cannot lower: the message names the op, its index and the reason. */
public class UnsupportedOpException extends RuntimeException {
    public UnsupportedOpException(String message) {
        super(message);
    }
}
