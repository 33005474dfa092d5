package dev.tinyforge.train;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * A short hash of what a checkpoint's tensors only fit: the graph's structure (inputs, ops with their
 * attributes, tensor names and shapes, outputs) and where its batch norms sit, without weight values
 * or metadata such as the seed. Resuming refuses a checkpoint whose fingerprint differs.
 */
final class ArchitectureFingerprint {
    private ArchitectureFingerprint() {
    }

    /** 16 hex digits of the SHA-256 of the canonical description. */
    static String of(Graph graph, Set<String> batchNorms) {
        StringBuilder s = new StringBuilder();
        for (String in : graph.inputs()) {
            s.append("input ").append(in).append(Arrays.toString(graph.tensor(in).shape())).append('\n');
        }
        for (Op op : graph.ops()) {
            s.append(op.kind().name()).append(' ').append(op.inputs()).append(" -> ").append(op.outputs())
                    .append(' ').append(canonical(op.params())).append('\n');
            for (Tensor t : graph.inputsOf(op)) {
                s.append("  ").append(t.name()).append(Arrays.toString(t.shape())).append(t.dtype()).append('\n');
            }
        }
        s.append("outputs ").append(graph.outputs()).append('\n');
        s.append("batch norms ").append(batchNorms.stream().sorted().toList()).append('\n');
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Attribute records with their array components spelled out (records print arrays as identities). */
    private static String canonical(Object value) {
        if (value == null) {
            return "null";
        }
        if (value.getClass().isArray()) {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < Array.getLength(value); i++) {
                s.append(i == 0 ? "" : ",").append(canonical(Array.get(value, i)));
            }
            return s.append(']').toString();
        }
        if (value instanceof Record r) {
            StringBuilder s = new StringBuilder(r.getClass().getSimpleName()).append('(');
            RecordComponent[] parts = r.getClass().getRecordComponents();
            for (int i = 0; i < parts.length; i++) {
                try {
                    parts[i].getAccessor().setAccessible(true);
                    s.append(i == 0 ? "" : ",").append(parts[i].getName()).append('=')
                            .append(canonical(parts[i].getAccessor().invoke(r)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + parts[i] + " of " + r.getClass(), e);
                }
            }
            return s.append(')').toString();
        }
        return value.toString();
    }
}
