package dev.tinyforge.data;

import java.nio.file.Path;
import java.util.List;

/**
 * An images file and its labels file, read and checked against each other: the one step that
 * Fashion-MNIST and a user's IDX directory share.
 */
record IdxPair(IdxFile images, IdxFile labels) {
    static IdxPair read(Path images, Path labels) {
        IdxPair pair = new IdxPair(IdxFile.readImages(images), IdxFile.readLabels(labels));
        IdxFile.checkPair(pair.images, pair.labels);
        return pair;
    }

    int maxLabel() {
        int max = 0;
        for (byte b : labels.data()) {
            max = Math.max(max, b & 0xFF);
        }
        return max;
    }

    /** The pair as a dataset; a label without a class name is refused here with the labels file named. */
    ByteDataset dataset(String name, List<String> classNames) {
        byte[] raw = labels.data();
        for (int i = 0; i < raw.length; i++) {
            if ((raw[i] & 0xFF) >= classNames.size()) {
                throw new DatasetException(labels.file() + " gives example " + i + " label " + (raw[i] & 0xFF)
                        + ", expected 0.." + (classNames.size() - 1) + " (" + classNames.size() + " classes): "
                        + "name every class (classes.txt) or fix the labels");
            }
        }
        return new ByteDataset(name, new ImageShape(images.rows(), images.cols(), 1), classNames, images.data(),
                labels.labels());
    }
}
