package dev.tinyforge.runtime;

import java.util.List;

/** The input validation every {@link Runner} applies before running: count and byte sizes. */
public final class InputCheck {
    private InputCheck() {
    }

    /**
     * @throws IllegalArgumentException naming the model, the input and both sizes when they do not fit
     */
    public static void require(String source, List<TensorInfo> expected, List<byte[]> data) {
        if (data.size() != expected.size()) {
            throw new IllegalArgumentException(source + ": model takes " + expected.size() + " inputs, got "
                    + data.size());
        }
        for (int i = 0; i < data.size(); i++) {
            TensorInfo in = expected.get(i);
            if (data.get(i).length != in.sizeBytes()) {
                throw new IllegalArgumentException(source + ": input " + i + " '" + in.name() + "' is "
                        + in.sizeBytes() + " bytes (" + in + "), got " + data.get(i).length);
            }
        }
    }
}
