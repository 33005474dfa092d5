package dev.tinyforge.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Offset assignment heuristics: buffers are taken in a heuristic's order and each is put at the
 * lowest aligned offset where it overlaps no placed buffer that is live at the same time (first fit);
 * buffers {@link Tie tied} together are placed as one rigid cluster.
 * Which order wins depends on the graph, so the planner tries them all and keeps the smallest arena.
 */
public enum Placement {
    /** Largest first: TFLite Micro's GreedyMemoryPlanner. */
    GREEDY_BY_SIZE(Comparator.comparingLong(Buffer::bytes).reversed()),
    /** In order of first use, as a stack allocator would. */
    FIRST_FIT_BY_START(Comparator.comparingInt(Buffer::first)),
    /** Longest-lived first: long-lived tensors (residual inputs) settle at the bottom. */
    LONGEST_LIFETIME(Comparator.comparingInt(Buffer::lifetime).reversed()
            .thenComparing(Comparator.comparingLong(Buffer::bytes).reversed())),
    /** By size × lifetime, the area a buffer occupies in the time-address plane. */
    LARGEST_AREA(Comparator.comparingLong((Buffer b) -> b.bytes() * b.lifetime()).reversed());

    private final Comparator<Buffer> order;

    Placement(Comparator<Buffer> order) {
        this.order = order;
    }

    /**
     * Offsets by buffer name. Tied buffers move together as one cluster; clusters are taken in the
     * heuristic's order of their bounding box (ties in that order keep the given order).
     */
    Map<String, Long> place(List<Buffer> buffers, List<Tie> ties, int align) {
        List<Cluster> clusters = Cluster.of(buffers, ties);
        List<Cluster> sorted = new ArrayList<>(clusters);
        sorted.sort((a, b) -> order.compare(a.box(), b.box())); // stable
        Map<String, Long> offsets = new LinkedHashMap<>();
        List<Buffer> placed = new ArrayList<>();
        for (Cluster c : sorted) {
            List<Long> candidates = new ArrayList<>();
            candidates.add(0L);
            for (int m = 0; m < c.members().size(); m++) {
                Buffer b = c.members().get(m);
                for (Buffer p : placed) {
                    if (p.overlapsInTime(b)) {
                        long base = offsets.get(p.name()) + p.bytes() - c.rel().get(m);
                        if (base > 0) {
                            candidates.add(align(base, align));
                        }
                    }
                }
            }
            candidates.sort(null);
            long chosen = -1;
            for (long base : candidates) {
                if (fits(c, base, placed, offsets)) {
                    chosen = base;
                    break;
                }
            }
            for (int m = 0; m < c.members().size(); m++) {
                offsets.put(c.members().get(m).name(), chosen + c.rel().get(m));
                placed.add(c.members().get(m));
            }
        }
        return offsets;
    }

    private static boolean fits(Cluster c, long base, List<Buffer> placed, Map<String, Long> offsets) {
        for (int m = 0; m < c.members().size(); m++) {
            Buffer b = c.members().get(m);
            long lo = base + c.rel().get(m);
            long hi = lo + b.bytes();
            for (Buffer p : placed) {
                long po = offsets.get(p.name());
                if (p.overlapsInTime(b) && lo < po + p.bytes() && po < hi && b.bytes() > 0 && p.bytes() > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    static long align(long v, int align) {
        return (v + align - 1) / align * align;
    }
}
