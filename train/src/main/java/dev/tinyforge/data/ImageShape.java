package dev.tinyforge.data;

/** The height, width and channels of a dataset's images (HWC, as the IR's NHWC inputs). */
public record ImageShape(int height, int width, int channels) {
    public ImageShape {
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("image shape must be positive, got " + height + "x" + width + "x"
                    + channels);
        }
    }

    /** Values per image. */
    public int size() {
        return height * width * channels;
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
