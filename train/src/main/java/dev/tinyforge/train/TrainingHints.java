package dev.tinyforge.train;

import dev.tinyforge.zoo.ArchitectureSpec;

/**
 * What training adds to a network that its inference graph does not hold: the dropout rate before
 * each head's fully connected layer (a spec's {@code classifier.dropout}; a {@code ZooModel} does not
 * carry it because inference graphs have no dropout).
 */
public record TrainingHints(double dropout) {
    /** No dropout. */
    public static final TrainingHints NONE = new TrainingHints(0);

    public TrainingHints {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** The hints a spec asks for. */
    public static TrainingHints of(ArchitectureSpec spec) {
        return new TrainingHints(spec.classifier() == null ? 0 : spec.classifier().dropout());
    }
}
