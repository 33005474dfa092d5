package dev.tinyforge.data;

import java.util.Iterator;

/**
 * Prints how many training images per second {@link BatchLoader} delivers for Fashion-MNIST brought to
 * 32x32x3 with crop (padding 4) and flip, the zoo's usual input: a figure to compare with the trainer's
 * own images per second, not a test (timing is never asserted). Each thread count warms up for one
 * epoch, then two epochs are timed. Run after {@code mvn -o -q test-compile
 * -pl train -am}:
 *
 * <pre>java -cp train/target/classes:train/target/test-classes dev.tinyforge.data.LoaderThroughput [threads...]</pre>
 */
public final class LoaderThroughput {
    private LoaderThroughput() {
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        ByteDataset train = FashionMnist.train();
        System.out.printf("read %s: %d images in %.2f s%n", train.name(), train.size(), (System.nanoTime() - t0) / 1e9);
        Dataset data = Fitted.to(train, new ImageShape(32, 32, 3));
        Augment augment = new Augment(4, true);
        int[] threadCounts = args.length == 0 ? new int[] {0, 1, 2} : new int[args.length];
        for (int i = 0; i < args.length; i++) {
            threadCounts[i] = Integer.parseInt(args[i]);
        }
        System.out.println("machine cores: " + Runtime.getRuntime().availableProcessors() + ", batch 128, "
                + data.shape() + ", " + augment);
        for (int threads : threadCounts) {
            try (BatchLoader loader = BatchLoader.builder(data, 128).optSeed(1).optAugment(augment)
                    .optThreads(threads).build()) {
                drain(loader.epoch(0), Integer.MAX_VALUE);
                long start = System.nanoTime();
                long images = drain(loader.epoch(1), Integer.MAX_VALUE) + drain(loader.epoch(2), Integer.MAX_VALUE);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("threads %d: %d images in %.2f s = %.0f images/s%n", threads, images, seconds,
                        images / seconds);
            }
        }
    }

    /** Takes up to {@code max} batches, touching one value of each so that none is optimised away. */
    private static long drain(Iterator<Batch> it, int max) {
        long images = 0;
        float touch = 0;
        for (int b = 0; b < max && it.hasNext(); b++) {
            Batch batch = it.next();
            images += batch.count();
            touch += batch.images()[batch.count() - 1];
        }
        if (touch < 0) {
            System.out.println(touch);
        }
        return images;
    }
}
