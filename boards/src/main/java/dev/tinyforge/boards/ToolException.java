package dev.tinyforge.boards;

/** An external tool (compiler, QEMU, OpenOCD) is missing or failed; the message says which and what to do. */
public final class ToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ToolException(String message) {
        super(message);
    }
}
