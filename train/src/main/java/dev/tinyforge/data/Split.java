package dev.tinyforge.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A training set and a validation set carved from one dataset by a seed, so that early stopping and
 * model choice never look at the test set. Stratified: each class gives {@code round(fraction * its
 * count)} images to validation, so a small or unbalanced dataset keeps every class on both sides in
 * the original proportions. Both sides keep the source order.
 */
public record Split(Dataset train, Dataset validation) {
    public static Split of(Dataset data, double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new DatasetException(data.name() + ": validation fraction " + validationFraction
                    + ", expected strictly between 0 and 1: e.g. 0.1");
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < data.classes(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < data.size(); i++) {
            byClass.get(data.label(i)).add(i);
        }
        boolean[] validation = new boolean[data.size()];
        int validationCount = 0;
        for (int c = 0; c < byClass.size(); c++) {
            int[] members = byClass.get(c).stream().mapToInt(Integer::intValue).toArray();
            Subset.shuffle(members, new SplittableRandom(seed * 1_000_003L + c));
            int take = (int) Math.round(validationFraction * members.length);
            for (int k = 0; k < take; k++) {
                validation[members[k]] = true;
            }
            validationCount += take;
        }
        if (validationCount == 0 || validationCount == data.size()) {
            throw new DatasetException(data.name() + ": a validation fraction of " + validationFraction + " of "
                    + data.size() + " images leaves " + (validationCount == 0 ? "validation" : "training")
                    + " empty, expected images on both sides: use a " + (validationCount == 0 ? "larger" : "smaller")
                    + " fraction or more data");
        }
        int[] v = new int[validationCount];
        int[] t = new int[data.size() - validationCount];
        int vi = 0;
        int ti = 0;
        for (int i = 0; i < data.size(); i++) {
            if (validation[i]) {
                v[vi++] = i;
            } else {
                t[ti++] = i;
            }
        }
        String how = ", seed " + seed + ", validation fraction " + validationFraction + "]";
        return new Split(new Subset(data.name() + " [training side" + how, data, t),
                new Subset(data.name() + " [validation side" + how, data, v));
    }
}
