package dev.tinyforge.tflite;

/**
 * A {@code .tflite} file TinyForge cannot read: the message names the file, what is wrong, what was
 * expected and what to do.
 *
 * <p>The message is one line whatever the file holds: names quoted from a file may contain line breaks
 * or other control characters (fuzzing found a tensor name with a newline), so they are written as
 * escapes ({@code \n}, {@code \r}, {@code \t}, {@code \xNN}).
 */
public class ModelFormatException extends RuntimeException {
    public ModelFormatException(String message) {
        super(oneLine(message));
    }

    public ModelFormatException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** {@code message} with every control character written as an escape. */
    public static String oneLine(String message) {
        if (message == null || message.chars().noneMatch(Character::isISOControl)) {
            return message;
        }
        StringBuilder sb = new StringBuilder(message.length() + 8);
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
