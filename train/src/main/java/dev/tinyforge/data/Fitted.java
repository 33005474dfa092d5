package dev.tinyforge.data;

/**
 * A dataset brought to a model's input shape: channels converted ({@link WithChannels}) and size
 * resized ({@link Resized}), in the order that interpolates the fewest channels (3 -> 1 before
 * resizing, 1 -> 3 after). What already matches is left alone.
 */
public final class Fitted {
    private Fitted() {
    }

    public static Dataset to(Dataset data, ImageShape model) {
        ImageShape s = data.shape();
        Dataset d = data;
        if (model.channels() < s.channels()) {
            d = new WithChannels(d, model.channels());
        }
        if (model.height() != s.height() || model.width() != s.width()) {
            d = new Resized(d, model.height(), model.width());
        }
        if (model.channels() > s.channels()) {
            d = new WithChannels(d, model.channels());
        }
        return d;
    }
}
