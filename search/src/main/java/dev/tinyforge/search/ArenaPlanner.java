package dev.tinyforge.search;

import dev.tinyforge.plan.MemoryPlanner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * {@link MemoryPlanner}'s placement, run on an {@link ArenaLayout} instead of a graph: the four
 * first-fit heuristics (largest first, by start, longest-lived first, largest area; the first smallest
 * arena wins), then the convolutions' ties tried nearest the peak first, four at most per round, each
 * kept when it shrinks the arena and leaves no two live buffers sharing a byte except tied ones. It
 * is the same algorithm step for step on primitive arrays, so it gives the planner's arena exactly
 * ({@code PlannerAgreementTest}) in a fraction of its time, and it can stop early: the arena only
 * shrinks as ties are kept, so once it is within a budget the model fits.
 */
final class ArenaPlanner {
    private static final int ALIGN = MemoryPlanner.ALIGN;
    private static final int HEURISTICS = 4;

    private final ArenaLayout layout;
    private final int n;
    private final int positions;
    /** For each buffer, the other buffers live at the same time (a chain's lifetimes are short: few each). */
    private final int[][] neighbours;
    /** For each position, the buffers live there. */
    private final int[][] liveAt;

    ArenaPlanner(ArenaLayout layout) {
        this.layout = layout;
        this.n = layout.bytes().length;
        int p = 0;
        for (int l : layout.last()) {
            p = Math.max(p, l + 1);
        }
        this.positions = p;
        int[] first = layout.first();
        int[] last = layout.last();
        int[] count = new int[Math.max(1, p)];
        for (int b = 0; b < n; b++) {
            for (int q = first[b]; q <= last[b]; q++) {
                count[q]++;
            }
        }
        liveAt = new int[count.length][];
        for (int q = 0; q < count.length; q++) {
            liveAt[q] = new int[count[q]];
            count[q] = 0;
        }
        for (int b = 0; b < n; b++) {
            for (int q = first[b]; q <= last[b]; q++) {
                liveAt[q][count[q]++] = b;
            }
        }
        neighbours = new int[n][];
        boolean[] mark = new boolean[n];
        int[] buf = new int[n];
        for (int b = 0; b < n; b++) {
            int k = 0;
            for (int q = first[b]; q <= last[b]; q++) {
                for (int o : liveAt[q]) {
                    if (o != b && !mark[o]) {
                        mark[o] = true;
                        buf[k++] = o;
                    }
                }
            }
            for (int i = 0; i < k; i++) {
                mark[buf[i]] = false;
            }
            neighbours[b] = java.util.Arrays.copyOf(buf, k);
        }
    }

    /** The planner's arena for the layout. */
    long arena() {
        return run(-1);
    }

    /**
     * Whether the planner's arena is at most {@code budget}: false at once when the layout's lower
     * bound exceeds it, true as soon as a plan within it is found.
     */
    boolean fitsWithin(long budget) {
        if (layout.lowerBound() > budget) {
            return false;
        }
        return run(budget) <= budget;
    }

    /** The planner's arena, or the first arena found at most {@code stopAt} (never, for -1). */
    private long run(long stopAt) {
        List<ArenaLayout.Tie> ties = new ArrayList<>();
        Clusters singles = clusters(ties);
        long[] offsets = null;
        long arena = Long.MAX_VALUE;
        for (int h = 0; h < HEURISTICS; h++) {
            long[] o = placeWith(h, singles);
            long a = arenaOf(o);
            if (a <= stopAt) {
                return a; // the planner keeps the smallest of the four, and ties only shrink it
            }
            if (a < arena) {
                offsets = o;
                arena = a;
            }
        }
        List<ArenaLayout.Tie> all = layout.ties();
        List<ArenaLayout.Tie> left = new ArrayList<>(all);
        for (int round = 0; round < all.size(); round++) {
            long[] live = live(offsets);
            left.sort(Comparator.comparingLong((ArenaLayout.Tie t) -> -live[t.position()]));
            long[] improved = null;
            for (int k = 0; k < Math.min(4, left.size()) && improved == null; k++) {
                List<ArenaLayout.Tie> trial = new ArrayList<>(ties);
                trial.add(left.get(k));
                long[] q = place(trial);
                if (arenaOf(q) < arena && valid(q, trial)) {
                    improved = q;
                    ties = trial;
                    left.remove(k);
                }
            }
            if (improved == null) {
                break;
            }
            offsets = improved;
            arena = arenaOf(offsets);
            if (arena <= stopAt) {
                return arena;
            }
        }
        return arena;
    }

    private long arenaOf(long[] offsets) {
        long arena = 0;
        for (int b = 0; b < n; b++) {
            arena = Math.max(arena, offsets[b] + layout.bytes()[b]);
        }
        return arena;
    }

    /** The best of the four heuristics' offsets (the first with the smallest arena). */
    private long[] place(List<ArenaLayout.Tie> ties) {
        Clusters clusters = clusters(ties);
        long[] best = null;
        long bestArena = Long.MAX_VALUE;
        for (int h = 0; h < HEURISTICS; h++) {
            long[] offsets = placeWith(h, clusters);
            long arena = arenaOf(offsets);
            if (best == null || arena < bestArena) {
                best = offsets;
                bestArena = arena;
            }
        }
        return best;
    }

    private static final long[] SINGLE = {0};

    /** Buffers held together by ties: each cluster's members and their offsets relative to its lowest. */
    private record Clusters(int[][] members, long[][] rel) {
    }

    /** Buffers grouped by ties, each cluster's members in buffer order, clusters in order of their first buffer. */
    private Clusters clusters(List<ArenaLayout.Tie> ties) {
        long[] position = new long[n];
        boolean[] seen = new boolean[n];
        List<int[]> clusters = new ArrayList<>(n);
        List<long[]> rels = new ArrayList<>(n);
        boolean[] tied = new boolean[n];
        for (ArenaLayout.Tie t : ties) {
            tied[t.input()] = true;
            tied[t.output()] = true;
        }
        for (int start = 0; start < n; start++) {
            if (seen[start]) {
                continue;
            }
            if (!tied[start]) {
                seen[start] = true;
                clusters.add(new int[] {start});
                rels.add(SINGLE);
                continue;
            }
            List<Integer> queue = new ArrayList<>(List.of(start));
            List<Integer> names = new ArrayList<>();
            seen[start] = true;
            position[start] = 0;
            while (!queue.isEmpty()) {
                int b = queue.remove(0);
                names.add(b);
                for (ArenaLayout.Tie t : ties) {
                    if (t.input() != b && t.output() != b) {
                        continue;
                    }
                    int other = t.input() == b ? t.output() : t.input();
                    long at = t.input() == b ? position[b] - t.shift() : position[b] + t.shift();
                    if (!seen[other]) {
                        seen[other] = true;
                        position[other] = at;
                        queue.add(other);
                    }
                }
            }
            int[] members = names.stream().mapToInt(Integer::intValue).sorted().toArray();
            long min = Long.MAX_VALUE;
            for (int m : members) {
                min = Math.min(min, position[m]);
            }
            long[] r = new long[members.length];
            for (int i = 0; i < members.length; i++) {
                r[i] = position[members[i]] - min;
            }
            clusters.add(members);
            rels.add(r);
        }
        return new Clusters(clusters.toArray(new int[0][]), rels.toArray(new long[0][]));
    }

    private long[] placeWith(int heuristic, Clusters all) {
        int[][] clusters = all.members();
        long[][] rel = all.rel();
        int c = clusters.length;
        long[] boxBytes = new long[c];
        int[] boxFirst = new int[c];
        int[] boxLast = new int[c];
        for (int i = 0; i < c; i++) {
            boxFirst[i] = Integer.MAX_VALUE;
            boxLast[i] = Integer.MIN_VALUE;
            for (int m = 0; m < clusters[i].length; m++) {
                int b = clusters[i][m];
                boxBytes[i] = Math.max(boxBytes[i], rel[i][m] + layout.bytes()[b]);
                boxFirst[i] = Math.min(boxFirst[i], layout.first()[b]);
                boxLast[i] = Math.max(boxLast[i], layout.last()[b]);
            }
        }
        int[] order = order(heuristic, c, boxBytes, boxFirst, boxLast);
        long[] offsets = new long[n];
        boolean[] placed = new boolean[n];
        long[] bytes = layout.bytes();
        long[] candidates = new long[16];
        for (int ci : order) {
            int[] members = clusters[ci];
            long[] r = rel[ci];
            int k = 0;
            candidates[k++] = 0;
            for (int m = 0; m < members.length; m++) {
                int b = members[m];
                for (int p : neighbours[b]) {
                    if (placed[p]) {
                        long base = offsets[p] + bytes[p] - r[m];
                        if (base > 0) {
                            if (k == candidates.length) {
                                candidates = Arrays.copyOf(candidates, k * 2);
                            }
                            candidates[k++] = align(base);
                        }
                    }
                }
            }
            Arrays.sort(candidates, 0, k);
            long chosen = -1;
            for (int i = 0; i < k && chosen < 0; i++) {
                if (fits(members, r, candidates[i], placed, offsets)) {
                    chosen = candidates[i];
                }
            }
            for (int m = 0; m < members.length; m++) {
                offsets[members[m]] = chosen + r[m];
                placed[members[m]] = true;
            }
        }
        return offsets;
    }

    /**
     * The clusters in the heuristic's order, ties kept in cluster order (the planner's stable sort): keys
     * packed above the cluster index into longs, sorted as primitives.
     */
    private static int[] order(int heuristic, int c, long[] bytes, int[] first, int[] last) {
        long[] keys = new long[c];
        boolean packable = c < (1 << INDEX_BITS);
        for (int i = 0; i < c && packable; i++) {
            packable = bytes[i] < (1L << SIZE_BITS) && last[i] - first[i] + 1 < (1 << LIFE_BITS);
        }
        if (!packable) {
            return comparatorOrder(heuristic, c, bytes, first, last);
        }
        for (int i = 0; i < c; i++) {
            long life = last[i] - first[i] + 1;
            long key = switch (heuristic) {
                case 0 -> (1L << SIZE_BITS) - bytes[i];
                case 1 -> first[i];
                case 2 -> (((1L << LIFE_BITS) - life) << SIZE_BITS) | ((1L << SIZE_BITS) - 1 - bytes[i]);
                default -> (1L << (SIZE_BITS + LIFE_BITS)) - bytes[i] * life;
            };
            keys[i] = (key << INDEX_BITS) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[c];
        for (int i = 0; i < c; i++) {
            order[i] = (int) (keys[i] & ((1L << INDEX_BITS) - 1));
        }
        return order;
    }

    private static final int INDEX_BITS = 14;
    private static final int LIFE_BITS = 14;
    private static final int SIZE_BITS = 34;

    /** The same order through comparators, for layouts too large to pack (never met in the spaces' grids). */
    private static int[] comparatorOrder(int heuristic, int c, long[] boxBytes, int[] boxFirst, int[] boxLast) {
        Integer[] order = new Integer[c];
        for (int i = 0; i < c; i++) {
            order[i] = i;
        }
        Comparator<Integer> cmp = switch (heuristic) {
            case 0 -> Comparator.comparingLong((Integer i) -> boxBytes[i]).reversed();
            case 1 -> Comparator.comparingInt((Integer i) -> boxFirst[i]);
            case 2 -> Comparator.comparingInt((Integer i) -> boxLast[i] - boxFirst[i] + 1).reversed()
                    .thenComparing(Comparator.comparingLong((Integer i) -> boxBytes[i]).reversed());
            default -> Comparator.comparingLong((Integer i) -> boxBytes[i] * (boxLast[i] - boxFirst[i] + 1)).reversed();
        };
        Arrays.sort(order, cmp); // stable
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    private boolean fits(int[] members, long[] r, long base, boolean[] placed, long[] offsets) {
        long[] bytes = layout.bytes();
        for (int m = 0; m < members.length; m++) {
            int b = members[m];
            long lo = base + r[m];
            long hi = lo + bytes[b];
            if (bytes[b] == 0) {
                continue;
            }
            for (int p : neighbours[b]) {
                if (placed[p] && lo < offsets[p] + bytes[p] && offsets[p] < hi && bytes[p] > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Bytes in use at each position: the union of the live buffers' ranges. */
    private long[] live(long[] offsets) {
        long[] live = new long[Math.max(1, positions)];
        long[] bytes = layout.bytes();
        long[][] ranges = new long[n][];
        for (int pos = 0; pos < live.length; pos++) {
            int k = 0;
            for (int b : liveAt[pos]) {
                if (bytes[b] > 0) {
                    ranges[k++] = new long[] {offsets[b], offsets[b] + bytes[b]};
                }
            }
            Arrays.sort(ranges, 0, k, Comparator.comparingLong(x -> x[0]));
            long end = Long.MIN_VALUE;
            for (int i = 0; i < k; i++) {
                long[] x = ranges[i];
                if (x[1] > end) {
                    live[pos] += x[1] - Math.max(x[0], end);
                    end = x[1];
                }
            }
        }
        return live;
    }

    /** No two buffers live at once share a byte, except the two ends of a tie. */
    private boolean valid(long[] offsets, List<ArenaLayout.Tie> ties) {
        long[] bytes = layout.bytes();
        for (int a = 0; a < n; a++) {
            for (int b : neighbours[a]) {
                if (b > a && offsets[a] < offsets[b] + bytes[b] && offsets[b] < offsets[a] + bytes[a] && bytes[a] > 0
                        && bytes[b] > 0) {
                    boolean tied = false;
                    for (ArenaLayout.Tie t : ties) {
                        if (t.input() == a && t.output() == b || t.input() == b && t.output() == a) {
                            tied = true;
                        }
                    }
                    if (!tied) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static long align(long v) {
        return (v + ALIGN - 1) / ALIGN * ALIGN;
    }
}
