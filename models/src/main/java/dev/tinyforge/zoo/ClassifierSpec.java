package dev.tinyforge.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The classifier that ends every spec: global average pooling, fully connected layer to the number
 * of classes, softmax.
 *
 * @param dropout dropout rate before the fully connected layer, for training only (inference graphs
 *     have no dropout); 0 when absent
 */
public record ClassifierSpec(double dropout) {

    /** No dropout. */
    public static final ClassifierSpec PLAIN = new ClassifierSpec(0.0);

    @JsonCreator
    static ClassifierSpec json(@JsonProperty("dropout") Double dropout) {
        return new ClassifierSpec(dropout == null ? 0.0 : dropout);
    }

    /** Problems of the classifier, as {@link BlockSpec#problems()}. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (!(dropout >= 0 && dropout < 1)) {
            p.add("dropout " + SpecRules.number(dropout) + " is out of range; use a rate in [0, 1), e.g. 0.2");
        }
        return p;
    }
}
