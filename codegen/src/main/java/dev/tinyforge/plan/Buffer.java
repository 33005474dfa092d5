package dev.tinyforge.plan;

import java.util.List;

/**
 * One region of the arena: the tensors that share it (a tensor and the outputs written over it in
 * place), or an op's scratch. Lifetime in positions of the execution order, both ends inclusive.
 */
public record Buffer(String name, List<String> tensors, long bytes, int first, int last) {
    public Buffer {
        tensors = List.copyOf(tensors);
    }

    boolean overlapsInTime(Buffer o) {
        return first <= o.last && o.first <= last;
    }

    int lifetime() {
        return last - first + 1;
    }
}
