package dev.tinyforge.eval;

import java.util.List;

/**
 * What a classifier predicted on a labelled set: the confusion matrix ({@code confusion[truth][predicted]})
 * and each image's prediction, in the dataset's order.
 */
public record Evaluation(String model, String dataset, String backend, List<String> classNames, int[][] confusion,
        int[] predictions) {
    public Evaluation {
        classNames = List.copyOf(classNames);
    }

    public int images() {
        return predictions.length;
    }

    public int correct() {
        int n = 0;
        for (int c = 0; c < confusion.length; c++) {
            n += confusion[c][c];
        }
        return n;
    }

    /** Top-1 accuracy in [0, 1]. */
    public double accuracy() {
        return images() == 0 ? 0 : (double) correct() / images();
    }

    /** Images of class {@code c} in the set. */
    public int support(int c) {
        int n = 0;
        for (int v : confusion[c]) {
            n += v;
        }
        return n;
    }

    /** Recall of class {@code c}: the share of its images predicted as it (NaN when it has none). */
    public double classAccuracy(int c) {
        int n = support(c);
        return n == 0 ? Double.NaN : (double) confusion[c][c] / n;
    }
}
