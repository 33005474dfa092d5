package dev.tinyforge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {
    /** 1,003 random 6x5x3 images (1,003 = a short last batch for every batch size used). */
    private static ArrayDataset data() {
        int n = 1003;
        ImageShape shape = new ImageShape(6, 5, 3);
        SplittableRandom rnd = new SplittableRandom(1);
        float[] px = new float[n * shape.size()];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) rnd.nextDouble();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(4);
        }
        return new ArrayDataset("random", shape, List.of("a", "b", "c", "d"), px, labels);
    }

    private static List<Batch> all(Iterator<Batch> it) {
        List<Batch> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static void assertSameBatches(List<Batch> expected, List<Batch> actual) {
        assertEquals(expected.size(), actual.size());
        for (int b = 0; b < expected.size(); b++) {
            Batch e = expected.get(b);
            Batch a = actual.get(b);
            assertEquals(e.count(), a.count(), "batch " + b);
            assertArrayEquals(e.labels(), a.labels(), "batch " + b);
            assertArrayEquals(e.images(), a.images(), 0f, "batch " + b);
        }
    }

    @Test
    void twoThreadsGiveSimpleBatchesBytesForThreeEpochs() {
        ArrayDataset d = data();
        SimpleBatches simple = new SimpleBatches(d, 32, 11, true);
        try (BatchLoader loader = BatchLoader.builder(d, 32).optSeed(11).optThreads(2).build()) {
            assertEquals(simple.batchesPerEpoch(), loader.batchesPerEpoch());
            assertEquals(32, loader.batchesPerEpoch());
            for (int epoch = 0; epoch < 3; epoch++) {
                List<Batch> batches = all(loader.epoch(epoch));
                assertSameBatches(all(simple.epoch(epoch)), batches);
                assertEquals(1003 % 32, batches.get(batches.size() - 1).count());
            }
        }
    }

    @Test
    void augmentedBatchesDoNotDependOnThreadsOrPrefetch() {
        Dataset d = Fitted.to(data(), new ImageShape(8, 8, 3));
        Augment aug = new Augment(2, true);
        List<List<Batch>> reference = new ArrayList<>();
        try (BatchLoader one = BatchLoader.builder(d, 50).optSeed(3).optAugment(aug).optThreads(0).build()) {
            for (int epoch = 0; epoch < 3; epoch++) {
                reference.add(all(one.epoch(epoch)));
            }
        }
        for (int[] config : new int[][] {{1, 1}, {2, 3}, {3, 8}}) {
            try (BatchLoader loader = BatchLoader.builder(d, 50).optSeed(3).optAugment(aug).optThreads(config[0])
                    .optPrefetch(config[1]).build()) {
                for (int epoch = 0; epoch < 3; epoch++) {
                    assertSameBatches(reference.get(epoch), all(loader.epoch(epoch)));
                }
            }
        }
        assertFalse(java.util.Arrays.equals(reference.get(0).get(0).images(), reference.get(1).get(0).images()));
    }

    @Test
    void unshuffledLoaderKeepsDatasetOrder() {
        ArrayDataset d = data();
        try (BatchLoader loader = BatchLoader.builder(d, 1000).optShuffle(false).optThreads(2).build()) {
            Batch first = loader.epoch(5).next();
            assertEquals(d.label(999), first.labels()[999]);
            assertEquals(d.pixels()[0], first.images()[0]);
        }
    }

    @Test
    void aWorkersExceptionSurfacesInNext() {
        ArrayDataset good = data();
        Dataset failing = new Dataset() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public int size() {
                return 6;
            }

            @Override
            public List<String> classNames() {
                return good.classNames();
            }

            @Override
            public ImageShape shape() {
                return good.shape();
            }

            @Override
            public void image(int index, float[] dst, int offset) {
                if (index == 4) {
                    throw new DatasetException("image 4 is unreadable");
                }
                good.image(index, dst, offset);
            }

            @Override
            public int label(int index) {
                return good.label(index);
            }
        };
        try (BatchLoader loader = BatchLoader.builder(failing, 2).optShuffle(false).optThreads(2).build()) {
            Iterator<Batch> it = loader.epoch(0);
            assertEquals(2, it.next().count());
            assertEquals(2, it.next().count());
            DatasetException e = assertThrows(DatasetException.class, it::next);
            assertEquals("image 4 is unreadable", e.getMessage());
            assertEquals("image 4 is unreadable", e.getCause().getMessage());
            assertFalse(it.hasNext());
        }
    }

    @Test
    void closeStopsTheWorkers() throws InterruptedException {
        long before = workers();
        BatchLoader loader = BatchLoader.builder(data(), 8).optThreads(2).build();
        Iterator<Batch> it = loader.epoch(0);
        it.next();
        assertTrue(workers() > before);
        loader.close();
        loader.close();
        // A pool signals termination just before its last thread exits: allow that thread a moment.
        for (int i = 0; i < 200 && workers() > before; i++) {
            Thread.sleep(5);
        }
        assertEquals(before, workers());
        assertThrows(IllegalStateException.class, it::next);
        assertThrows(IllegalStateException.class, () -> loader.epoch(1));
    }

    @Test
    void shapeAndClassesComeFromTheData() {
        ArrayDataset d = data();
        try (BatchLoader loader = BatchLoader.builder(d, 7).optThreads(1).build()) {
            assertSame(d.shape(), loader.shape());
            assertEquals(4, loader.classes());
            assertEquals(144, loader.batchesPerEpoch());
        }
    }

    private static long workers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("tinyforge-data-") && t.isAlive()).count();
    }
}
