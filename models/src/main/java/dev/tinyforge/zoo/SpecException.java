package dev.tinyforge.zoo;

import java.util.List;

/**
 * A spec that cannot be read or built, with one line per problem, each naming the file, the block
 * and the field, and what is expected: {@code spec.json: block 3: kernel 4 is not odd; use 3, 5 or 7}.
 */
public final class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final List<String> problems;

    /**
     * @param source the file or other origin of the spec, or {@code null} when it has none
     * @param problems what is wrong, one entry each
     */
    public SpecException(String source, List<String> problems) {
        super(message(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    /** The problems without the source prefix. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        StringBuilder sb = new StringBuilder();
        for (String p : problems) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            if (source != null) {
                sb.append(source).append(": ");
            }
            sb.append(p);
        }
        return sb.toString();
    }
}
