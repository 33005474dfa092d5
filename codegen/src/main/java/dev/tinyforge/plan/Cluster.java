package dev.tinyforge.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Buffers held at fixed distances by {@link Tie ties}, with offsets relative to the lowest one. */
record Cluster(List<Buffer> members, List<Long> rel) {

    /** The bounding box: the extent in bytes and the union of the lifetimes (for ordering heuristics). */
    Buffer box() {
        long extent = 0;
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        for (int m = 0; m < members.size(); m++) {
            extent = Math.max(extent, rel.get(m) + members.get(m).bytes());
            first = Math.min(first, members.get(m).first());
            last = Math.max(last, members.get(m).last());
        }
        return new Buffer(members.get(0).name(), List.of(), extent, first, last);
    }

    /** Groups buffers by ties, in the order of each cluster's first buffer. Ties must form a forest. */
    static List<Cluster> of(List<Buffer> buffers, List<Tie> ties) {
        Map<String, Buffer> byName = new LinkedHashMap<>();
        for (Buffer b : buffers) {
            byName.put(b.name(), b);
        }
        Map<String, List<Tie>> adjacent = new HashMap<>();
        for (Tie t : ties) {
            adjacent.computeIfAbsent(t.input(), k -> new ArrayList<>()).add(t);
            adjacent.computeIfAbsent(t.output(), k -> new ArrayList<>()).add(t);
        }
        Map<String, Long> position = new HashMap<>();
        List<Cluster> clusters = new ArrayList<>();
        for (Buffer start : buffers) {
            if (position.containsKey(start.name())) {
                continue;
            }
            List<String> names = new ArrayList<>();
            List<String> queue = new ArrayList<>(List.of(start.name()));
            position.put(start.name(), 0L);
            while (!queue.isEmpty()) {
                String n = queue.remove(0);
                names.add(n);
                for (Tie t : adjacent.getOrDefault(n, List.of())) {
                    String other = t.input().equals(n) ? t.output() : t.input();
                    long at = t.input().equals(n) ? position.get(n) - t.shift() : position.get(n) + t.shift();
                    if (position.putIfAbsent(other, at) == null) {
                        queue.add(other);
                    }
                }
            }
            if (names.size() == 1) {
                clusters.add(new Cluster(List.of(start), List.of(0L)));
                continue;
            }
            long min = names.stream().mapToLong(position::get).min().orElse(0);
            List<Buffer> members = new ArrayList<>();
            List<Long> rel = new ArrayList<>();
            for (Buffer b : buffers) { // members in the given order
                if (names.contains(b.name())) {
                    members.add(b);
                    rel.add(position.get(b.name()) - min);
                }
            }
            clusters.add(new Cluster(members, rel));
        }
        return clusters;
    }
}
