package dev.tinyforge.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.tflite.TfliteWriter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Specs as JSON: the round trip, a user's hand-written file, and one clear message per kind of mistake. */
class ArchitectureSpecTest {

    /** A valid spec to break one field at a time; block 3 is the one with the kernel of 3. */
    private static final String BASE = """
            {
              "name": "broken",
              "resolution": 32,
              "classes": 10,
              "activation": "relu6",
              "stem": {"out": 16, "kernel": 3, "stride": 2},
              "blocks": [
                {"kind": "mbconv", "kernel": 5, "expand": 1, "out": 16},
                {"kind": "mbconv", "kernel": 5, "expand": 6, "out": 24, "stride": 2},
                {"kind": "mbconv", "kernel": 7, "mid": 72, "out": 24, "se": {"ratio": 0.25, "of": "input", "round": "floor"}},
                {"kind": "mbconv", "kernel": 3, "expand": 4, "out": 24},
                {"kind": "basic", "out": 32, "stride": 2}
              ],
              "head": {"kernel": 1, "out": 64}
            }
            """;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ArchitectureSpecTest.class.getResource("/specs/" + name).toURI());
    }

    @Test
    void everyZooSpecRoundTripsExactly() {
        for (Architecture a : Zoo.all()) {
            String json = a.spec().toJson();
            ArchitectureSpec back = ArchitectureSpec.fromJson(json, a.name() + ".json");
            assertEquals(a.spec(), back, a.name());
            assertEquals(json, back.toJson(), a.name());
        }
    }

    @Test
    void theWrittenFormIsOneBlockALine() {
        String json = Zoo.get("resnet8").spec().toJson();
        assertEquals("""
                {
                  "spec_version": 1,
                  "name": "resnet8",
                  "description": "ResNet-8, MLPerf Tiny image classification (CIFAR-style)",
                  "resolution": 32,
                  "classes": 10,
                  "input_channels": 3,
                  "activation": "relu",
                  "channel_divisor": 8,
                  "stem": {"kernel": 3, "out": 16, "stride": 1},
                  "blocks": [
                    {"kind": "basic", "name": "stack1", "out": 16, "stride": 1},
                    {"kind": "basic", "name": "stack2", "out": 32, "stride": 2},
                    {"kind": "basic", "name": "stack3", "out": 64, "stride": 2}
                  ],
                  "classifier": {"dropout": 0}
                }
                """, json);
        String mcunet = Zoo.get("mcunet").spec().toJson();
        assertTrue(mcunet.contains("\n    {\"kind\": \"mbconv\", \"kernel\": 7, \"mid\": 24, \"out\": 16, \"stride\": 2,"
                + " \"residual\": false},\n"), mcunet);
        assertTrue(mcunet.contains("\n    {\"kind\": \"mbconv\", \"kernel\": 3, \"expand\": 1, \"out\": 8, \"stride\": 1,"
                + " \"residual\": false},\n"), mcunet);
        String proxyless = Zoo.get("proxyless_mobile").spec().toJson();
        assertTrue(proxyless.contains("\n  \"head\": {\"name\": \"feature_mix\", \"kernel\": 1, \"out\": 1280,"
                + " \"stride\": 1},\n"), proxyless);
        String mnasnet = Zoo.get("mnasnet-a1").spec().toJson();
        assertTrue(mnasnet.contains("\n    {\"kind\": \"mbconv\", \"kernel\": 5, \"expand\": 3, \"out\": 40, \"stride\": 2,"
                + " \"se\": {\"ratio\": 0.25, \"of\": \"input\", \"round\": \"floor\"}},\n"), mnasnet);
        assertTrue(mnasnet.contains("\n  \"head\": {\"kernel\": 1, \"out\": 1280, \"stride\": 1, \"scaling\": \"grow_only\"},\n"
                + "  \"classifier\": {\"dropout\": 0.2}\n}\n"), mnasnet);
    }

    @Test
    void aHandWrittenSpecReadsBuildsAndRoundTrips() throws Exception {
        Path file = resource("fashion-tiny.json");
        ArchitectureSpec spec = ArchitectureSpec.read(file);
        assertEquals("fashion-tiny", spec.name());
        assertEquals(1, spec.inputChannels());
        assertEquals(7, spec.blocks().size());
        assertEquals(new MbConvSpec(null, 5, null, 96, 40, 2, null, SqueezeExciteSpec.mobileNetV3(0.25), null),
                spec.blocks().get(3));
        assertEquals(spec, ArchitectureSpec.fromJson(spec.toJson(), "again.json"));

        Architecture a = Zoo.resolve(file.toString());
        assertEquals(spec, a.spec());
        assertEquals(new ZooConfig(1.0, 32, 10, 1, 0), a.defaultConfig());
        Graph g = a.build(a.defaultConfig()).graph();
        assertArrayEquals(new int[] {1, 32, 32, 1}, g.input(0).shape());
        assertArrayEquals(new int[] {1, 10}, g.output(0).shape());
        assertEquals("fashion-tiny", g.metadata().get("arch"));
        // e1 block: no expansion; SE of a quarter of the explicit 96: 24 channels
        assertTrue(g.tensors().stream().noneMatch(t -> t.name().startsWith("block0/expand")));
        assertArrayEquals(new int[] {24, 1, 1, 96}, g.tensor("block3/se/reduce/filter").shape());
        assertNotNull(g.tensor("block2/add")); // residual when legal
        assertNotNull(g.tensor("block4/add")); // residual demanded
        assertArrayEquals(new int[] {1, 4, 4, 64}, g.tensor("res/add").shape());
        assertArrayEquals(new int[] {1, 4, 4, 128}, g.tensor("head").shape());
        // scaled, the explicit mid follows the width rule: makeDivisible(96 × 0.5, 8) = 48
        Graph half = a.build(new ZooConfig(0.5, 32, 10, 1, 0)).graph();
        assertArrayEquals(new int[] {48, 1, 1, 16}, half.tensor("block3/expand/filter").shape());
    }

    @Test
    void sameJsonSameGraph() {
        ArchitectureSpec s = ArchitectureSpec.fromJson(BASE, "a.json");
        ZooConfig c = new ZooConfig(0.75, 40, 3, 3, 11);
        assertArrayEquals(TfliteWriter.write(SpecBuilder.build(s, c).graph()),
                TfliteWriter.write(SpecBuilder.build(ArchitectureSpec.fromJson(s.toJson(), "b.json"), c).graph()));
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // find | replace | message
        "\"kernel\": 3, \"expand\" | \"kernel\": 4, \"expand\" | spec.json: block 3: kernel 4 is not odd; use 3, 5 or 7",
        "\"kernel\": 3, \"expand\" | \"kernel\": 13, \"expand\" | spec.json: block 3: kernel 13 is out of range; use 3, 5 or 7",
        "\"kernel\": 3, \"expand\" | \"kernal\": 3, \"expand\" | spec.json: block 3: unknown field 'kernal'; expected one of activation, expand,"
            + " kernel, mid, name, out, residual, se, stride",
        "\"kernel\": 3, \"expand\" | \"kernel\": \"3\", \"expand\" | spec.json: block 3: kernel: expected an integer, got \"3\"",
        "\"kernel\": 3, \"expand\" | \"kernel\": 3.5, \"expand\" | spec.json: block 3: kernel: expected an integer, got 3.5",
        "\"kernel\": 3, \"expand\" | \"kernel\": null, \"expand\" | spec.json: block 3: kernel: expected an integer, got null",
        "\"kernel\": 3, \"expand\" | \"expand\" | spec.json: block 3: kernel is missing",
        "\"expand\": 4, | \"expand\": 4, \"mid\": 96, | spec.json: block 3: expand 4 and mid 96 are both given; give only one",
        "\"expand\": 4, | `` | spec.json: block 3: expand or mid is missing; give expand (ratio of the input width,"
            + " e.g. 1, 3, 4 or 6) or mid (the middle width)",
        "\"expand\": 4, | \"expand\": 0.5, | spec.json: block 3: expand 0.5 is out of range; use a ratio from 1 to 16,"
            + " e.g. 3, 4 or 6",
        "\"out\": 24} | \"out\": 24, \"stride\": 3} | spec.json: block 3: stride 3 is not 1 or 2",
        "\"out\": 24} | \"out\": 32, \"residual\": true} | spec.json: block 3: residual true needs equal input and output"
            + " widths, got 24 -> 32; drop residual or make out 24",
        "\"out\": 24} | \"out\": 24, \"stride\": 2, \"residual\": true} | spec.json: block 3: residual true needs stride 1,"
            + " got stride 2; drop residual or use stride 1",
        "\"out\": 24} | \"out\": 24, \"residual\": \"yes\"} | spec.json: block 3: residual: expected true or false,"
            + " got \"yes\"",
        "\"out\": 24} | \"out\": 24, \"activation\": \"swish\"} | spec.json: block 3: activation: expected one of none,"
            + " relu, relu6, got \"swish\"",
        "\"kind\": \"basic\", | \"kind\": \"cell\", | spec.json: block 4: kind 'cell' is not known; use one of mbconv,"
            + " conv, basic",
        "\"kind\": \"basic\", | `` | spec.json: block 4: kind is missing; use one of mbconv, conv, basic",
        "\"kind\": \"basic\", | \"kind\": \"basic\", \"name\": \"block1\", | spec.json: block 4 (block1): name 'block1'"
            + " is already used by block 1; layer names must differ",
        "\"kind\": \"basic\", | \"kind\": \"basic\", \"name\": \"output\", | spec.json: block 4 (output): name 'output'"
            + " is reserved (input, pool, classifier, output name the classifier's layers); choose another",
        "\"of\": \"input\" | \"of\": \"mid\" | spec.json: block 2: se: of: expected one of input, expanded, got \"mid\"",
        "\"of\": \"input\", | `` | spec.json: block 2: se: of is missing; use \"input\" (MnasNet: ratio of the block's"
            + " input width) or \"expanded\" (MobileNetV3: of its middle width)",
        "\"ratio\": 0.25 | \"ratio\": 1.5 | spec.json: block 2: se: ratio 1.5 is out of range; use a ratio in (0, 1],"
            + " e.g. 0.25",
        "\"resolution\": 32 | \"resolution\": 4 | spec.json: resolution 4 is out of range; use 8 to 1024 pixels",
        "\"resolution\": 32, | `` | spec.json: resolution is missing",
        "\"name\": \"broken\" | \"name\": \"my net\" | spec.json: name 'my net' is not a usable name; use up to 64"
            + " letters, digits, '.', '_' or '-', starting with a letter or digit",
        "\"name\": \"broken\", | \"name\": \"broken\", \"spec_version\": 2, | spec.json: spec_version 2 is not supported;"
            + " this TinyForge reads spec_version 1",
        "\"name\": \"broken\", | \"name\": \"broken\", \"name\": \"again\", | spec.json: line 2, column 27: not valid JSON:"
            + " Duplicate field 'name'",
        "\"head\": {\"kernel\": 1, \"out\": 64} | \"head\": {\"kernel\": 1, \"out\": 64,} | spec.json: line 14, column"
            + " 35: not valid JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start field name",
        "\"kernel\": 3, \"stride\": 2} | \"kernel\": 2, \"stride\": 2} | spec.json: stem: kernel 2 is not odd; use 1, 3, 5 or 7",
        "\"kernel\": 3, \"stride\": 2} | \"kernel\": 3, \"stride\": 2, \"scaling\": \"fixed\"} | spec.json: stem: scaling: expected"
            + " one of width, grow_only, got \"fixed\"",
        "\"activation\": \"relu6\", | \"activation\": 6, | spec.json: activation: expected one of none, relu, relu6, got 6",
        "\"blocks\": [ | \"blocks\": {\"a\": [ | spec.json: blocks: expected an array, got an object",
        "\"head\": {\"kernel\": 1, \"out\": 64} | \"head\": {\"kernel\": 1, \"out\": 64}, \"tail\": 1 | spec.json: unknown"
            + " field 'tail'; expected one of activation, blocks, channel_divisor, classes, classifier, description,"
            + " extra_outputs, head, input_channels, inputs, name, resolution, spec_version, stem",
        "\"head\": {\"kernel\": 1, \"out\": 64} | \"head\": {\"kernel\": 1, \"out\": 64}, \"inputs\": 9 | spec.json: inputs 9 is"
            + " out of range; use 1 to 4",
        "\"head\": {\"kernel\": 1, \"out\": 64} | \"head\": {\"kernel\": 1, \"out\": 64}, \"extra_outputs\": [{\"name\": \"aux\","
            + " \"from\": \"block9\", \"kind\": \"classifier\"}] | spec.json: extra_outputs 0: from 'block9' is not a layer"
            + " of the spec; use stem, head or a block's name (block<i> when it has none)",
    })
    void eachMistakeGetsOneClearLine(String find, String replace, String message) {
        assertTrue(BASE.contains(find), find);
        String broken = BASE.replaceFirst(java.util.regex.Pattern.quote(find),
                java.util.regex.Matcher.quoteReplacement(replace));
        String json = find.equals("\"blocks\": [") ? broken.replace("}\n  ],", "}\n  ]},") : broken;
        SpecException e = assertThrows(SpecException.class, () -> ArchitectureSpec.fromJson(json, "spec.json"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void everyProblemIsListed() {
        String json = BASE.replace("\"kernel\": 3, \"expand\"", "\"kernel\": 4, \"expand\"").replace("\"stride\": 2}\n", "\"stride\": 5}\n");
        SpecException e = assertThrows(SpecException.class, () -> ArchitectureSpec.fromJson(json, "spec.json"));
        assertEquals(List.of("block 3: kernel 4 is not odd; use 3, 5 or 7", "block 4: stride 5 is not 1 or 2"),
                e.problems());
        assertEquals("spec.json: block 3: kernel 4 is not odd; use 3, 5 or 7\nspec.json: block 4: stride 5 is not 1 or 2",
                e.getMessage());
    }

    @Test
    void notASpecAtAll() {
        assertEquals("e.json: the file is empty; expected a JSON object (the spec)",
                assertThrows(SpecException.class, () -> ArchitectureSpec.fromJson("", "e.json")).getMessage());
        assertEquals("a.json: expected an object (the spec), got an array",
                assertThrows(SpecException.class, () -> ArchitectureSpec.fromJson("[1, 2]", "a.json")).getMessage());
        assertEquals("n.json: expected a JSON object (the spec), got null",
                assertThrows(SpecException.class, () -> ArchitectureSpec.fromJson("null", "n.json")).getMessage());
        assertTrue(assertThrows(SpecException.class, () -> ArchitectureSpec.fromJson(BASE + "{}", "t.json"))
                .getMessage().startsWith("t.json: "));
    }

    @Test
    void whatDependsOnTheWidthIsCheckedWhenBuilding() {
        // a grow_only conv keeps 32 channels at width 0.5 where the next block's output becomes 16
        ArchitectureSpec s = ArchitectureSpec.of("grow", "", 32, 10, Activation.RELU, ConvSpec.of(3, 16, 1),
                List.of(new ConvBlockSpec(null, 3, 32, 1, null, ConvSpec.Scaling.GROW_ONLY),
                        MbConvSpec.of(3, 4, 32, 1).withResidual(true)),
                null);
        assertNotNull(SpecBuilder.build(s, new ZooConfig(1.0, 32, 10, 3, 0)).graph().tensor("block1/add"));
        SpecException e = assertThrows(SpecException.class, () -> SpecBuilder.build(s, new ZooConfig(0.5, 32, 10, 3, 0)));
        assertEquals("block 1 (block1): residual true needs equal input and output widths; at width 0.5 they are 32"
                + " and 16", e.getMessage());
        // left out, the residual follows the widths: present at 1.0, absent at 0.5
        ArchitectureSpec auto = s.withBlocks(List.of(s.blocks().get(0), MbConvSpec.of(3, 4, 32, 1)));
        assertTrue(SpecBuilder.build(auto, new ZooConfig(0.5, 32, 10, 3, 0)).graph().tensors().stream()
                .noneMatch(t -> t.name().equals("block1/add")));
    }

    @Test
    void resolveTakesANameOrASpecFile(@TempDir Path dir) throws IOException {
        assertSame(Zoo.get("mcunet"), Zoo.resolve("mcunet"));
        Path file = dir.resolve("mine.json");
        Files.writeString(file, Zoo.get("resnet8").spec().withName("mine", "my ResNet").toJson());
        Architecture a = Zoo.resolve(file.toString());
        assertEquals("mine", a.name());
        assertEquals(Zoo.get("resnet8").build(new ZooConfig(1, 32, 10, 3, 4)).graph().params(),
                a.build(new ZooConfig(1, 32, 10, 3, 4)).graph().params());
        SpecException missing = assertThrows(SpecException.class, () -> Zoo.resolve(dir.resolve("nope.json").toString()));
        assertEquals(dir.resolve("nope.json") + ": no such file", missing.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Zoo.resolve("vgg16"));
        assertTrue(unknown.getMessage().contains("unknown architecture 'vgg16'")
                && unknown.getMessage().contains("mobilenetv2") && unknown.getMessage().endsWith("(*.json)"),
                unknown.getMessage());
        Files.writeString(dir.resolve("bad.json"), BASE.replace("\"kernel\": 3, \"expand\"", "\"kernel\": 4, \"expand\""));
        assertEquals(dir.resolve("bad.json") + ": block 3: kernel 4 is not odd; use 3, 5 or 7",
                assertThrows(SpecException.class, () -> Zoo.resolve(dir.resolve("bad.json").toString())).getMessage());
    }

    /** Every block kind is registered for JSON, lowered by the builder, and round-trips. */
    @Test
    void everyBlockKindIsComplete() {
        Set<String> permitted = new TreeSet<>();
        for (Class<?> c : BlockSpec.class.getPermittedSubclasses()) {
            permitted.add(c.getSimpleName());
        }
        Set<String> registered = new TreeSet<>();
        Arrays.stream(BlockSpec.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class).value())
                .forEach(t -> registered.add(t.value().getSimpleName()));
        assertEquals(permitted, registered);
        List<BlockSpec> one = List.of(MbConvSpec.of(3, 6, 16, 2), new ConvBlockSpec(null, 3, 24, 1, null, null),
                new BasicBlockSpec(null, 24, 2, null));
        Set<String> covered = new TreeSet<>();
        one.forEach(b -> covered.add(b.getClass().getSimpleName()));
        assertEquals(permitted, covered, "this test builds one block of every kind");
        ArchitectureSpec s = ArchitectureSpec.of("kinds", "", 32, 10, Activation.RELU6, ConvSpec.of(3, 8, 1), one, null);
        assertEquals(s, ArchitectureSpec.fromJson(s.toJson(), "kinds.json"));
        Graph g = SpecBuilder.build(s, new ZooConfig(1.0, 32, 10, 3, 0)).graph();
        assertArrayEquals(new int[] {1, 8, 8, 24}, g.tensor("block2/add").shape());
    }
}
