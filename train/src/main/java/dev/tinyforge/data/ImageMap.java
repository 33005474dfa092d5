package dev.tinyforge.data;

import java.util.List;

/**
 * A dataset whose images are a function of another's (resized, channels converted): the same name, size,
 * classes and labels, its own image shape. Subclasses only say how one image is made.
 */
abstract class ImageMap implements Dataset {
    /** The dataset the images come from. */
    protected final Dataset source;
    private final ImageShape shape;

    ImageMap(Dataset source, ImageShape shape) {
        this.source = source;
        this.shape = shape;
    }

    @Override
    public final String name() {
        return source.name();
    }

    @Override
    public final int size() {
        return source.size();
    }

    @Override
    public final List<String> classNames() {
        return source.classNames();
    }

    @Override
    public final ImageShape shape() {
        return shape;
    }

    @Override
    public final int label(int index) {
        return source.label(index);
    }
}
