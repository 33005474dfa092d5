package dev.tinyforge.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where every activation lives in the one static arena, for one execution order.
 *
 * @param strategy how the plan was made (for reports), e.g. {@code "greedy-by-size, graph order, in-place"}
 * @param order op indices in execution order
 * @param buffers arena regions with their lifetimes (positions in {@code order})
 * @param offsets byte offset of each buffer, by buffer name
 * @param bufferOf the buffer holding each planned tensor, by tensor name
 * @param scratchOf the scratch buffer of an op, by op index (ops that need none are absent)
 * @param inPlace indices of the ops that write their output over an input
 * @param ties buffer pairs that overlap by design (1×1 convolutions writing over consumed input)
 * @param arenaBytes the arena size: the highest end of any buffer
 * @param liveBytes bytes of the buffers live at each position of {@code order}: a lower bound on
 *     the arena at that step
 */
public record MemoryPlan(String strategy, int[] order, List<Buffer> buffers, Map<String, Long> offsets,
        Map<String, String> bufferOf, Map<Integer, String> scratchOf, Set<Integer> inPlace, List<Tie> ties,
        long arenaBytes,
        long[] liveBytes) {

    public MemoryPlan {
        order = order.clone();
        buffers = List.copyOf(buffers);
        offsets = ordered(offsets);
        bufferOf = ordered(bufferOf);
        scratchOf = ordered(scratchOf);
        inPlace = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(inPlace));
        ties = List.copyOf(ties);
        liveBytes = liveBytes.clone();
    }

    /**
     * An unmodifiable copy that keeps the source's iteration order ({@code Map.copyOf} randomises it per
     * JVM run, and plans are iterated into generated C, which must be byte-identical run to run).
     */
    static <K, V> Map<K, V> ordered(Map<K, V> m) {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m));
    }

    @Override
    public int[] order() {
        return order.clone();
    }

    @Override
    public long[] liveBytes() {
        return liveBytes.clone();
    }

    /** Whether a tensor has a place in the arena (float model inputs and outputs do not). */
    public boolean isPlanned(String tensor) {
        return bufferOf.containsKey(tensor);
    }

    /** The arena offset of a planned tensor. */
    public long offset(String tensor) {
        String b = bufferOf.get(tensor);
        if (b == null) {
            throw new IllegalArgumentException("tensor '" + tensor + "' is not in the arena");
        }
        return offsets.get(b);
    }

    /** The arena offset of an op's scratch buffer, or -1 when it needs none. */
    public long scratchOffset(int op) {
        String b = scratchOf.get(op);
        return b == null ? -1 : offsets.get(b);
    }

    /** The bytes of an op's scratch buffer, 0 when it needs none. */
    public long scratchBytes(int op) {
        String b = scratchOf.get(op);
        if (b == null) {
            return 0;
        }
        for (Buffer buffer : buffers) {
            if (buffer.name().equals(b)) {
                return buffer.bytes();
            }
        }
        return 0;
    }

    /** The position in {@code order} with the most live bytes (the first, on ties). */
    public int peakPosition() {
        int best = 0;
        for (int i = 1; i < liveBytes.length; i++) {
            if (liveBytes[i] > liveBytes[best]) {
                best = i;
            }
        }
        return best;
    }
}
