package dev.tinyforge.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tinyforge.ir.Activation;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A network as plain data, so that the zoo, a user's JSON file, the search and training all describe
 * architectures the same way and one builder ({@link SpecBuilder}) turns any of them into a graph.
 *
 * <p>A spec is a stem convolution, an ordered list of {@link BlockSpec blocks}, an optional head
 * (feature-mix) convolution and the {@link ClassifierSpec classifier}, written at width 1.0, with the
 * nominal resolution, classes and input channels (the architecture's default configuration; a
 * {@link ZooConfig} overrides them). In JSON (snake_case, {@link #toJson()} writes one block a line):
 * <pre>{@code
 * {
 *   "spec_version": 1,
 *   "name": "tiny-mbv2",
 *   "resolution": 64,
 *   "classes": 10,
 *   "activation": "relu6",
 *   "stem": {"kernel": 3, "out": 16, "stride": 2},
 *   "blocks": [
 *     {"kind": "mbconv", "kernel": 3, "expand": 1, "out": 8},
 *     {"kind": "mbconv", "kernel": 5, "expand": 6, "out": 16, "stride": 2},
 *     {"kind": "mbconv", "kernel": 3, "mid": 48, "out": 16, "se": {"ratio": 0.25, "of": "expanded", "round": "divisible"}}
 *   ],
 *   "head": {"kernel": 1, "out": 320}
 * }
 * }</pre>
 *
 * <p>The rounding rules, so that the same JSON always gives the same graph:
 * <ul>
 *   <li>Channel counts (every {@code out}, {@code mid}, squeeze-excitation {@code reduced}) are kept
 *       exactly at width 1.0; at any other width {@code w} they become
 *       {@code makeDivisible(c × w, channel_divisor)} (MobileNetV2's rounding: nearest multiple of the
 *       divisor, at least the divisor, never below 90% of {@code c × w}). See {@link #scaleChannels}.</li>
 *   <li>A layer with {@code "scaling": "grow_only"} uses {@code max(1, w)} instead of {@code w}
 *       (MobileNetV2's and MnasNet's head stays 1280 wide at widths below 1).</li>
 *   <li>An MBConv middle width is {@code round(input width × expand)}, half up, from the block's
 *       actual (scaled) input width, or the explicit {@code mid} scaled as above; the 1×1 expansion is
 *       left out when the middle width equals the input width. See {@link MbConvSpec}.</li>
 *   <li>Squeeze-excitation widths follow the rule the spec names (MnasNet's or MobileNetV3's), see
 *       {@link SqueezeExciteSpec}.</li>
 *   <li>An MBConv {@code residual} left out is added exactly when the block has stride 1 and equal
 *       input and output widths at the width being built.</li>
 *   <li>Layers without an {@code activation} use the spec's; projections, shortcuts and the
 *       classifier are linear; squeeze-excitation uses ReLU and sigmoid.</li>
 *   <li>Layer names: {@code stem}, {@code block<i>} (i = position in {@code blocks}, from 0) unless
 *       the block has a {@code name}, {@code head} unless the head has a {@code name}; then
 *       {@code pool}, {@code classifier}, {@code output}. Tensors are {@code <layer>/<part>}.</li>
 * </ul>
 *
 * @param specVersion format version, 1
 * @param name architecture name (graph name and {@code arch} metadata)
 * @param description one line for people, may be empty
 * @param resolution nominal input resolution (square)
 * @param classes nominal number of classes
 * @param inputChannels nominal input channels (3 when absent)
 * @param activation default activation of the stem, blocks and head
 * @param channelDivisor the divisor of width scaling (8 when absent)
 * @param stem the first convolution
 * @param blocks the blocks, in order
 * @param head the convolution before the classifier, or {@code null} for none
 * @param classifier the classifier (no dropout when absent)
 * @param inputs how many image inputs (1 when absent): with more, each has its own stem
 *     ({@code stem}, {@code stem_1}, ...; inputs {@code input_0}, {@code input_1}, ...) and the stems'
 *     outputs are concatenated along channels ({@code stem/concat}) into the shared blocks
 * @param extraOutputs outputs after the classifier's (none when absent), see {@link OutputSpec}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"spec_version", "name", "description", "resolution", "classes", "input_channels", "inputs",
    "activation", "channel_divisor", "stem", "blocks", "head", "classifier", "extra_outputs"})
public record ArchitectureSpec(
        @JsonProperty("spec_version") int specVersion,
        String name,
        String description,
        int resolution,
        int classes,
        @JsonProperty("input_channels") int inputChannels,
        Activation activation,
        @JsonProperty("channel_divisor") int channelDivisor,
        ConvSpec stem,
        List<BlockSpec> blocks,
        ConvSpec head,
        ClassifierSpec classifier,
        int inputs,
        @JsonProperty("extra_outputs") List<OutputSpec> extraOutputs) {

    /** The spec format this code reads and writes. */
    public static final int VERSION = 1;
    /** Divisor of width scaling when a spec names none (MobileNetV2's 8). */
    public static final int DEFAULT_CHANNEL_DIVISOR = 8;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final List<String> RESERVED = List.of("input", "pool", "classifier", "output");

    public ArchitectureSpec {
        blocks = blocks == null ? null : Collections.unmodifiableList(new ArrayList<>(blocks));
        extraOutputs = extraOutputs == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(extraOutputs));
    }

    /** The most image inputs a spec may have. */
    public static final int MAX_INPUTS = 4;

    /** A spec with the defaults of every optional field: version 1, 3 input channels, divisor 8, no dropout. */
    public static ArchitectureSpec of(String name, String description, int resolution, int classes,
            Activation activation, ConvSpec stem, List<? extends BlockSpec> blocks, ConvSpec head) {
        return new ArchitectureSpec(VERSION, name, description, resolution, classes, 3, activation,
                DEFAULT_CHANNEL_DIVISOR, stem, List.copyOf(blocks), head, ClassifierSpec.PLAIN, 1, List.of());
    }

    @JsonCreator
    static ArchitectureSpec json(@JsonProperty("spec_version") Integer specVersion,
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty("description") String description,
            @JsonProperty(value = "resolution", required = true) int resolution,
            @JsonProperty(value = "classes", required = true) int classes,
            @JsonProperty("input_channels") Integer inputChannels,
            @JsonProperty(value = "activation", required = true) Activation activation,
            @JsonProperty("channel_divisor") Integer channelDivisor,
            @JsonProperty(value = "stem", required = true) ConvSpec stem,
            @JsonProperty(value = "blocks", required = true) List<BlockSpec> blocks,
            @JsonProperty("head") ConvSpec head,
            @JsonProperty("classifier") ClassifierSpec classifier,
            @JsonProperty("inputs") Integer inputs,
            @JsonProperty("extra_outputs") List<OutputSpec> extraOutputs) {
        return new ArchitectureSpec(specVersion == null ? VERSION : specVersion, name,
                description == null ? "" : description, resolution, classes, inputChannels == null ? 3 : inputChannels,
                activation, channelDivisor == null ? DEFAULT_CHANNEL_DIVISOR : channelDivisor, stem, blocks, head,
                classifier == null ? ClassifierSpec.PLAIN : classifier, inputs == null ? 1 : inputs, extraOutputs);
    }

    // --- reading and writing --------------------------------------------------------------------

    /**
     * Reads and validates a spec file.
     *
     * @throws SpecException naming the file, and the block and field at fault
     */
    public static ArchitectureSpec read(Path path) {
        String source = path.toString();
        if (Files.isDirectory(path)) {
            throw new SpecException(source, List.of("is a directory; give a spec file (*.json)"));
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SpecException(source, List.of("no such file"));
        } catch (CharacterCodingException e) {
            throw new SpecException(source, List.of("not UTF-8 text; a spec is a JSON file"));
        } catch (IOException e) {
            throw new SpecException(source, List.of("cannot read: " + e.getMessage()));
        }
        return fromJson(text, source);
    }

    /**
     * Parses and validates a spec.
     *
     * @param source what the text is called in messages, e.g. the file name
     * @throws SpecException naming {@code source}, and the block and field at fault
     */
    public static ArchitectureSpec fromJson(String json, String source) {
        ArchitectureSpec spec = SpecJson.read(json, source);
        List<String> problems = spec.problems();
        if (!problems.isEmpty()) {
            throw new SpecException(source, problems);
        }
        return spec;
    }

    /** The spec as JSON: fields in a fixed order, one block a line; {@link #fromJson} gives back an equal spec. */
    public String toJson() {
        return SpecJson.write(this);
    }

    // --- rules ----------------------------------------------------------------------------------

    /**
     * The width rule for a channel count: {@code channels} itself at width 1.0, otherwise
     * {@link NetBuilder#makeDivisible makeDivisible}{@code (channels × width, divisor)}.
     */
    public static int scaleChannels(int channels, double width, int divisor) {
        return width == 1.0 ? channels : NetBuilder.makeDivisible(channels * width, divisor);
    }

    /** The layer name of the stem. */
    public String stemName() {
        return stem.name() == null ? "stem" : stem.name();
    }

    /** The layer name of block {@code index}: its {@code name}, or {@code block<index>}. */
    public String blockName(int index) {
        String n = blocks.get(index).name();
        return n == null ? "block" + index : n;
    }

    /** The layer name of the head ({@code head} unless it has a name); only meaningful with a head. */
    public String headName() {
        return head == null || head.name() == null ? "head" : head.name();
    }

    public ArchitectureSpec withName(String newName, String newDescription) {
        return new ArchitectureSpec(specVersion, newName, newDescription, resolution, classes, inputChannels, activation,
                channelDivisor, stem, blocks, head, classifier, inputs, extraOutputs);
    }

    public ArchitectureSpec withClassifier(ClassifierSpec newClassifier) {
        return new ArchitectureSpec(specVersion, name, description, resolution, classes, inputChannels, activation,
                channelDivisor, stem, blocks, head, newClassifier, inputs, extraOutputs);
    }

    public ArchitectureSpec withBlocks(List<? extends BlockSpec> newBlocks) {
        return new ArchitectureSpec(specVersion, name, description, resolution, classes, inputChannels, activation,
                channelDivisor, stem, List.copyOf(newBlocks), head, classifier, inputs, extraOutputs);
    }

    /** This spec with several image inputs and extra outputs (see the record's components). */
    public ArchitectureSpec withInterface(int newInputs, List<OutputSpec> newExtraOutputs) {
        return new ArchitectureSpec(specVersion, name, description, resolution, classes, inputChannels, activation,
                channelDivisor, stem, blocks, head, classifier, newInputs, List.copyOf(newExtraOutputs));
    }

    /**
     * Checks the spec.
     *
     * @throws SpecException listing every problem, each naming the block and field
     */
    public ArchitectureSpec validate() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new SpecException(null, problems);
        }
        return this;
    }

    /**
     * Every problem of the spec, each as {@code "<where>: <field> <value> <what is wrong>; <what to use>"}
     * (e.g. {@code "block 3: kernel 4 is not odd; use 3, 5 or 7"}, blocks counted from 0); empty when
     * the spec is valid. Widths are checked at width 1.0; {@link SpecBuilder} checks what depends on
     * the configuration.
     */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (specVersion != VERSION) {
            p.add("spec_version " + specVersion + " is not supported; this TinyForge reads spec_version " + VERSION);
        }
        if (name == null) {
            p.add("name is missing");
        } else if (!NAME.matcher(name).matches()) {
            p.add("name '" + name + "' is not a usable name; use up to 64 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        if (description == null) {
            p.add("description is missing; use \"\" for none");
        }
        if (resolution < 8 || resolution > 1024) {
            p.add("resolution " + resolution + " is out of range; use 8 to 1024 pixels");
        }
        if (classes < 1 || classes > 100_000) {
            p.add("classes " + classes + " is out of range; use 1 to 100000");
        }
        if (inputChannels < 1 || inputChannels > 64) {
            p.add("input_channels " + inputChannels + " is out of range; use 1 to 64");
        }
        if (activation == null) {
            p.add("activation is missing; use relu, relu6 or none");
        }
        if (channelDivisor < 1 || channelDivisor > 64) {
            p.add("channel_divisor " + channelDivisor + " is out of range; use 1 to 64 (8 is MobileNetV2's)");
        }
        if (classifier == null) {
            p.add("classifier is missing");
        } else {
            prefix(p, "classifier", classifier.problems());
        }
        if (stem == null) {
            p.add("stem is missing");
            return p;
        }
        prefix(p, "stem", stem.problems());
        if (blocks == null) {
            p.add("blocks is missing; use [] for none");
            return p;
        }
        if (head != null) {
            prefix(p, "head", head.problems());
        }
        if (inputs < 1 || inputs > MAX_INPUTS) {
            p.add("inputs " + inputs + " is out of range; use 1 to " + MAX_INPUTS);
        }
        Map<String, String> names = new HashMap<>();
        checkName(p, names, "stem", stemName());
        int channels = stem.out() * Math.max(1, inputs);
        for (int i = 0; i < blocks.size(); i++) {
            BlockSpec b = blocks.get(i);
            String where = "block " + i;
            if (b == null) {
                p.add(where + " is null; use an object with a kind");
                continue;
            }
            if (b.name() != null) {
                where += " (" + b.name() + ")";
            }
            prefix(p, where, b.problems());
            checkName(p, names, where, blockName(i));
            if (b instanceof MbConvSpec m && Boolean.TRUE.equals(m.residual()) && channels != m.out()) {
                p.add(where + ": residual true needs equal input and output widths, got " + channels + " -> "
                        + m.out() + "; drop residual or make out " + channels);
            }
            channels = b.out();
        }
        if (head != null) {
            checkName(p, names, "head", headName());
        }
        for (int i = 0; i < extraOutputs.size(); i++) {
            OutputSpec o = extraOutputs.get(i);
            String where = "extra_outputs " + i;
            if (o == null) {
                p.add(where + " is null; use an object with name, from and kind");
                continue;
            }
            prefix(p, where, o.problems());
            if (o.from() == null || !names.containsKey(o.from())) {
                p.add(where + ": from '" + o.from() + "' is not a layer of the spec; use stem, head or a block's name "
                        + "(block<i> when it has none)");
            }
            if (o.name() == null) {
                p.add(where + ": name is missing");
            } else if (OutputSpec.CLASSIFIER.equals(o.kind())) {
                checkName(p, names, where, o.name());
            }
        }
        return p;
    }

    private static void prefix(List<String> into, String where, List<String> problems) {
        for (String s : problems) {
            into.add(where + ": " + s);
        }
    }

    private static void checkName(List<String> p, Map<String, String> seen, String where, String layer) {
        if (!NAME.matcher(layer).matches()) {
            p.add(where + ": name '" + layer + "' is not a usable layer name; use letters, digits, '.', '_' or '-'");
        } else if (RESERVED.contains(layer)) {
            p.add(where + ": name '" + layer + "' is reserved (" + String.join(", ", RESERVED)
                    + " name the classifier's layers); choose another");
        } else if (seen.containsKey(layer)) {
            p.add(where + ": name '" + layer + "' is already used by " + seen.get(layer) + "; layer names must differ");
        } else {
            seen.put(layer, where);
        }
    }
}
