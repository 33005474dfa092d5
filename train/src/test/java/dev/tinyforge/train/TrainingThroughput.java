package dev.tinyforge.train;

import dev.tinyforge.data.ArrayDataset;
import dev.tinyforge.data.SimpleBatches;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures training speed (not a test: timing depends on the machine and its load). Trains
 * MobileNetV2 width 0.35 at 32×32×3, batch 64, and prints images per second per epoch.
 *
 * <p>Arguments: {@code [architecture] [resolution] [epochs] [threads]}. Run with
 * {@code OMP_WAIT_POLICY=PASSIVE} on a shared machine (see {@link Trainer}). Also prints the
 * process's resident memory after each epoch, which stays flat when no native tensor leaks.
 */
public final class TrainingThroughput {
    private TrainingThroughput() {
    }

    public static void main(String[] args) {
        String arch = args.length > 0 ? args[0] : "mobilenetv2";
        int resolution = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        ArrayDataset data = Quadrants.dataset("quadrants", 64 * 16, resolution, 3, 1);
        TorchNet net = TorchNet.lower(Zoo.get(arch).build(new ZooConfig(0.35, resolution, 4, 3, 1)),
                TrainingHints.NONE);
        TrainOptions o = TrainOptions.defaults(epochs, 64);
        if (args.length > 3) {
            o = new TrainOptions(o.epochs(), o.batchSize(), o.learningRate(), o.optimizer(), o.weightDecay(),
                    o.warmupEpochs(), o.labelSmoothing(), o.seed(), Integer.parseInt(args[3]));
        }
        Progress rss = (task, done, total) -> {
            if (done == total) {
                System.out.println(task + ": resident memory " + residentMemory());
            }
        };
        TrainingHistory h = new Trainer(o, rss).train(net, new SimpleBatches(data, 64, 1, true), null, null);
        for (EpochRecord e : h.epochs()) {
            System.out.printf("%s %dx%dx3 batch 64, %d threads: epoch %d %.0f images/s%n", arch, resolution, resolution,
                    o.threads(), e.epoch(), e.imagesPerSecond());
        }
        System.out.println("resident memory after training: " + residentMemory());
    }

    private static String residentMemory() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
                    .map(l -> l.replaceAll("\\s+", " ").substring("VmRSS: ".length())).findFirst().orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }
}
