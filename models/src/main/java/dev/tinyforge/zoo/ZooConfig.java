package dev.tinyforge.zoo;

/**
 * What every zoo architecture can be scaled by: width multiplier, input resolution, number of
 * classes, input channels, and the seed of its random weights.
 */
public record ZooConfig(double width, int resolution, int classes, int inputChannels, long seed) {

    public ZooConfig {
        if (!Double.isFinite(width) || width <= 0 || width > 4) {
            throw new IllegalArgumentException("width must be a number in (0, 4], got " + width);
        }
        if (resolution < 8 || resolution > 1024) {
            throw new IllegalArgumentException("resolution must be 8..1024 pixels, got " + resolution);
        }
        if (classes < 1 || classes > 100_000) {
            throw new IllegalArgumentException("classes must be 1..100000, got " + classes);
        }
        if (inputChannels < 1 || inputChannels > 64) {
            throw new IllegalArgumentException("input channels must be 1..64, got " + inputChannels);
        }
    }

    public ZooConfig withSeed(long newSeed) {
        return new ZooConfig(width, resolution, classes, inputChannels, newSeed);
    }
}
