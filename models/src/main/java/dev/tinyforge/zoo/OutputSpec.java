package dev.tinyforge.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A model output besides the classifier's: a second classifier on any layer's output (multi-task
 * heads: global pooling, fully connected, softmax or sigmoid), or a layer's feature map itself
 * (detection and embedding heads read it). Outputs are in spec order after the classifier's.
 *
 * @param name the output's layer name (tensors {@code <name>/pool}, {@code <name>/fc}, {@code <name>})
 * @param from the layer whose output it reads: {@code stem}, a block's name, or {@code head}
 * @param kind {@code classifier} or {@code features}
 * @param classes a classifier's classes ({@code null}: the configuration's)
 * @param sigmoid a classifier with independent sigmoid outputs instead of a softmax
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "from", "kind", "classes", "sigmoid"})
public record OutputSpec(String name, String from, String kind, Integer classes, Boolean sigmoid) {

    /** A second classifier. */
    public static final String CLASSIFIER = "classifier";
    /** A feature map as an output. */
    public static final String FEATURES = "features";

    @JsonCreator
    static OutputSpec json(@JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "from", required = true) String from,
            @JsonProperty(value = "kind", required = true) String kind,
            @JsonProperty("classes") Integer classes,
            @JsonProperty("sigmoid") Boolean sigmoid) {
        return new OutputSpec(name, from, kind, classes, sigmoid);
    }

    /** Problems of the output, as {@link BlockSpec#problems()}. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (!CLASSIFIER.equals(kind) && !FEATURES.equals(kind)) {
            p.add("kind '" + kind + "' is not an output kind; use classifier or features");
        }
        if (classes != null && (classes < 1 || classes > 100_000)) {
            p.add("classes " + classes + " is out of range; use 1 to 100000");
        }
        if (FEATURES.equals(kind) && (classes != null || sigmoid != null)) {
            p.add("a features output takes no classes or sigmoid; use kind classifier for those");
        }
        return p;
    }
}
