package dev.tinyforge.data;

import java.util.List;

/** A dataset held as one float array (images in [0, 1], HWC, back to back) and its labels. */
public record ArrayDataset(String name, ImageShape shape, List<String> classNames, float[] pixels, int[] labels)
        implements Dataset {
    public ArrayDataset {
        classNames = List.copyOf(classNames);
        if (pixels.length != (long) labels.length * shape.size()) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel values for " + labels.length
                    + " images of " + shape);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i + " is outside 0.."
                        + (classNames.size() - 1));
            }
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public void image(int index, float[] dst, int offset) {
        System.arraycopy(pixels, index * shape.size(), dst, offset, shape.size());
    }

    @Override
    public int label(int index) {
        return labels[index];
    }
}
