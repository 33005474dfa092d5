package dev.tinyforge.data;

import java.util.List;

/**
 * Labelled images, addressed by index: what training, calibration and evaluation read. Pixels come
 * out as floats in [0, 1], HWC order, so that a model's int8 input is the camera byte minus 128
 * (scale 1/255, zero point -128), as TFLite Micro's examples feed theirs.
 *
 * <p>Implementations must allow {@link #image} and {@link #label} from several threads at once: the
 * {@link BatchLoader}'s workers read in parallel.
 */
public interface Dataset {
    /** Where the data came from, for messages and the model's metadata (e.g. "fashion-mnist train"). */
    String name();

    int size();

    /** The class names, index = label. */
    List<String> classNames();

    default int classes() {
        return classNames().size();
    }

    ImageShape shape();

    /** Writes image {@code index} into {@code dst} from {@code offset}: {@code shape().size()} floats in [0, 1]. */
    void image(int index, float[] dst, int offset);

    int label(int index);
}
