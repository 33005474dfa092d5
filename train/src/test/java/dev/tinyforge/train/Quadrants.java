package dev.tinyforge.train;

import dev.tinyforge.data.ArrayDataset;
import dev.tinyforge.data.ImageShape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic task any small network should learn: four classes, each an image whose one quadrant
 * (class 0 top left, 1 top right, 2 bottom left, 3 bottom right) is brighter than the rest, under
 * uniform noise.
 */
final class Quadrants {
    private Quadrants() {
    }

    static ArrayDataset dataset(String name, int images, int size, int channels, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ImageShape shape = new ImageShape(size, size, channels);
        float[] pixels = new float[images * shape.size()];
        int[] labels = new int[images];
        int half = size / 2;
        for (int i = 0; i < images; i++) {
            int label = i % 4;
            labels[i] = label;
            int top = label < 2 ? 0 : half;
            int left = label % 2 == 0 ? 0 : half;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean bright = y >= top && y < top + half && x >= left && x < left + half;
                    for (int c = 0; c < channels; c++) {
                        double base = bright ? 0.45 : 0.0;
                        int at = i * shape.size() + (y * size + x) * channels + c;
                        pixels[at] = (float) (base + 0.55 * rnd.nextDouble());
                    }
                }
            }
        }
        return new ArrayDataset(name, shape, List.of("top left", "top right", "bottom left", "bottom right"), pixels,
                labels);
    }
}
