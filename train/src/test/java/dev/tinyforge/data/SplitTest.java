package dev.tinyforge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Split and Subset. */
class SplitTest {
    /** 1,000 one-pixel images whose pixel is their index; classes 0..3 in proportions 1:2:3:4. */
    private static ArrayDataset data() {
        int n = 1000;
        float[] px = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = i;
            labels[i] = i % 10 < 1 ? 0 : i % 10 < 3 ? 1 : i % 10 < 6 ? 2 : 3;
        }
        return new ArrayDataset("d", new ImageShape(1, 1, 1), List.of("a", "b", "c", "d"), px, labels);
    }

    /** The source indices behind a view, read back through its pixels. */
    private static List<Integer> ids(Dataset d) {
        List<Integer> ids = new ArrayList<>();
        float[] px = new float[1];
        for (int i = 0; i < d.size(); i++) {
            d.image(i, px, 0);
            ids.add((int) px[0]);
        }
        return ids;
    }

    @Test
    void splitIsStratifiedDisjointCompleteAndSeeded() {
        ArrayDataset d = data();
        Split s = Split.of(d, 0.1, 7);
        assertEquals(100, s.validation().size());
        assertEquals(900, s.train().size());
        int[] perClass = new int[4];
        for (int i = 0; i < s.validation().size(); i++) {
            perClass[s.validation().label(i)]++;
        }
        assertEquals(List.of(10, 20, 30, 40), List.of(perClass[0], perClass[1], perClass[2], perClass[3]));
        Set<Integer> all = new HashSet<>(ids(s.train()));
        List<Integer> v = ids(s.validation());
        for (int id : v) {
            assertTrue(all.add(id), "index " + id + " on both sides");
        }
        assertEquals(1000, all.size());
        for (int i = 0; i < s.validation().size(); i++) {
            assertEquals(d.label(v.get(i)), s.validation().label(i));
        }
        assertEquals(v, ids(Split.of(d, 0.1, 7).validation()));
        assertNotEquals(v, ids(Split.of(d, 0.1, 8).validation()));
        List<Integer> sorted = new ArrayList<>(v);
        sorted.sort(null);
        assertEquals(sorted, v, "source order kept");
    }

    @Test
    void splitRefusesEmptySides() {
        Idx.fails(() -> Split.of(data(), 0, 1), "validation fraction 0.0", "strictly between 0 and 1");
        Idx.fails(() -> Split.of(data(), 1.5, 1), "validation fraction 1.5");
        ArrayDataset tiny = new ArrayDataset("tiny", new ImageShape(1, 1, 1), List.of("a", "b"), new float[2],
                new int[] {0, 1});
        Idx.fails(() -> Split.of(tiny, 0.1, 1), "tiny", "leaves validation empty", "larger fraction");
        Idx.fails(() -> Split.of(tiny, 0.9, 1), "tiny", "leaves training empty", "smaller fraction");
    }

    @Test
    void subsetFirstAndSample() {
        ArrayDataset d = data();
        assertEquals(List.of(0, 1, 2), ids(Subset.first(d, 3)));
        assertEquals(1000, Subset.first(d, 5000).size());
        List<Integer> a = ids(Subset.sample(d, 50, 3));
        assertEquals(50, new HashSet<>(a).size());
        assertEquals(a, ids(Subset.sample(d, 50, 3)));
        assertNotEquals(a, ids(Subset.sample(d, 50, 4)));
        List<Integer> sorted = new ArrayList<>(a);
        sorted.sort(null);
        assertEquals(sorted, a);
        assertFalse(a.equals(ids(Subset.first(d, 50))));
        Idx.fails(() -> Subset.first(d, 0), "asked for 0 images");
    }
}
