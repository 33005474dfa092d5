package dev.tinyforge.data;

/**
 * Data TinyForge cannot use (a missing dataset, a malformed IDX file, an unreadable image): unchecked,
 * with a one-line message that names the file, what was found, what was expected and what to do, so
 * the CLI can print it as it is instead of a stack trace.
 */
public final class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
