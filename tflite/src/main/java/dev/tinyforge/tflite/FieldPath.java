package dev.tinyforge.tflite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where in a model the verifier is, rendered the way a user reads a model rather than as a flatbuffer
 * path: {@code subgraph 0 tensor 12 'conv1/weights' quantization.scale} instead of
 * {@code subgraphs[0].tensors[12].quantization.scale}.
 */
final class FieldPath {
    /** Collections whose elements read better as "tensor 12" than as "tensors[12]". */
    private static final Map<String, String> SINGULAR = Map.of("subgraphs", "subgraph", "tensors", "tensor",
            "operators", "operator", "operator_codes", "operator code", "buffers", "buffer", "metadata", "metadata",
            "signature_defs", "signature", "dim_metadata", "dimension metadata", "variant_tensors", "variant subtype");

    /** Longest tensor or subgraph name shown in a message. */
    private static final int MAX_LABEL = 60;

    private static final class Segment {
        final String field;
        final long index;
        String label;

        Segment(String field, long index) {
            this.field = field;
            this.index = index;
        }
    }

    private final List<Segment> segments = new ArrayList<>();

    /** Enters a field ({@code index} is -1) or one element of a vector field. */
    void push(String field, long index) {
        segments.add(new Segment(field, index));
    }

    void pop() {
        segments.remove(segments.size() - 1);
    }

    /** Names the innermost segment: a tensor's name, or the member table of a union. */
    void label(String label) {
        if (!segments.isEmpty()) {
            segments.get(segments.size() - 1).label = clean(label);
        }
    }

    String render() {
        if (segments.isEmpty()) {
            return "root table";
        }
        StringBuilder sb = new StringBuilder();
        boolean lastPlain = false;
        for (Segment s : segments) {
            String singular = SINGULAR.get(s.field);
            if (s.index >= 0 && singular != null) {
                sb.append(sb.length() == 0 ? "" : " ").append(singular).append(' ').append(s.index);
                if (s.label != null) {
                    sb.append(" '").append(s.label).append('\'');
                }
                lastPlain = false;
            } else {
                sb.append(sb.length() == 0 ? "" : lastPlain ? "." : " ").append(s.field);
                if (s.index >= 0) {
                    sb.append('[').append(s.index).append(']');
                }
                if (s.label != null) {
                    sb.append(" (").append(s.label).append(')');
                }
                lastPlain = true;
            }
        }
        return sb.toString();
    }

    /** A name as it can appear on one line: control characters replaced, long names shortened. */
    static String clean(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length() && sb.length() < MAX_LABEL; i++) {
            char c = name.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return sb.length() < name.length() ? sb + "..." : sb.toString();
    }
}
