package dev.tinyforge.fuzz;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.tflite.ModelFormatException;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fuzz targets' regression mode: every seed and every committed finding through every target, in
 * the ordinary test run (no fuzzing, no instrumentation). A finding that breaks again fails here with
 * the target's exception.
 */
class FuzzRegressionTest {
    private static final Map<String, Consumer<byte[]>> TARGETS = Map.of(
            "read", ReadFuzzTarget::fuzzerTestOneInput,
            "plan", PlanFuzzTarget::fuzzerTestOneInput,
            "emit", EmitFuzzTarget::fuzzerTestOneInput);

    static Stream<Arguments> inputs() {
        List<Arguments> all = new ArrayList<>();
        for (String target : List.of("read", "plan", "emit")) {
            FuzzCorpus.seeds().forEach((name, data) -> all.add(Arguments.of(target, "seeds/" + name, data)));
            FuzzCorpus.findings().forEach((name, data) -> all.add(Arguments.of(target, "findings/" + name, data)));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inputs")
    void targetHoldsItsProperty(String target, String input, byte[] data) {
        assertDoesNotThrow(() -> TARGETS.get(target).accept(data), input);
    }

    /** The seeds are models the tool takes whole: read, planned and emitted, so fuzzing starts deep. */
    @Test
    void everySeedIsReadPlannedAndEmitted() {
        Map<String, byte[]> seeds = FuzzCorpus.seeds();
        assertTrue(seeds.size() >= 10, "zoo and hand-written seeds: " + seeds.keySet());
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
            Graph g = FuzzProperty.read(e.getValue());
            assertNotNull(g, e.getKey() + " is refused by the reader");
            assertDoesNotThrow(() -> PlanFuzzTarget.plan(g), e.getKey());
            assertFalse(CEmitter.emit(ModelPlan.of(g, PlanFuzzTarget.TARGET), "tfg_seed", "seed").source().isEmpty(),
                    e.getKey());
        }
    }

    /** The hand-written seeds hold what the zoo does not export; and they are made the same each time. */
    @Test
    void handWrittenSeedsCoverTheirCasesDeterministically() {
        Map<String, byte[]> seeds = HandWrittenSeeds.all();
        Graph multi = FuzzProperty.read(seeds.get("hand-multi-output.tflite"));
        assertEquals(3, multi.outputs().size());
        Graph int16 = FuzzProperty.read(seeds.get("hand-16x8.tflite"));
        assertEquals("INT16", int16.input(0).dtype().name());
        assertTrue(FuzzProperty.read(seeds.get("hand-log-softmax.tflite")).ops().stream()
                .anyMatch(op -> op.kind().name().equals("LOG_SOFTMAX")));
        assertEquals(2, FuzzProperty.read(seeds.get("hand-mean.tflite")).ops().stream()
                .filter(op -> op.kind().name().equals("MEAN")).count());
        Map<String, byte[]> again = HandWrittenSeeds.all();
        seeds.forEach((name, data) -> assertTrue(Arrays.equals(data, again.get(name)), name));
    }

    /**
     * Finding of the read target: a tensor name that is not UTF-8 passes TFLite's verifier (it does not
     * look inside strings) but not flatbuffers-java's decoder; it was refused as "truncated or corrupt",
     * which it is not.
     */
    @Test
    void aNameThatIsNotUtf8IsRefusedAsSuch() {
        byte[] file = FuzzCorpus.findings().get("read-invalid-utf8-name.tflite");
        assertNotNull(file);
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> dev.tinyforge.tflite.TfliteReader.read(file, "m.tflite"));
        assertEquals("m.tflite: a name in the file (of a tensor, operator, subgraph or metadata entry) is not valid "
                + "UTF-8; TinyForge reads names as UTF-8: rename it and export the model again", e.getMessage());
        dev.tinyforge.tflite.TfliteVerifier.verify(file, "m.tflite");
    }

    /**
     * Finding of the TFLite differential: a subgraph whose operator, input and output lists were cut
     * away was read as a model of 0 ops, and TFLite's runner then failed on its empty output list.
     */
    @Test
    void aModelWithoutOutputsIsRefused() {
        byte[] file = FuzzCorpus.findings().get("runtime-no-outputs.tflite");
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> dev.tinyforge.tflite.TfliteReader.read(file, "m.tflite"));
        assertEquals("m.tflite: the model has no outputs (subgraph 0 lists none); the file is damaged or not a model "
                + "to run: export it again", e.getMessage());
    }

    /**
     * The property itself: a multi-line or blank message, or a reader refusal not naming the file, is a
     * finding; a name with a line break is escaped by the exception (a finding of the read target).
     */
    @Test
    void refusalsWithoutAOneLineMessageAreFindings() {
        assertThrows(AssertionError.class, () -> FuzzProperty.checkMessage(
                new IllegalStateException(FuzzProperty.SOURCE + ": a\nb"), true));
        assertThrows(AssertionError.class, () -> FuzzProperty.checkMessage(new ModelFormatException("bad"), true));
        assertThrows(IndexOutOfBoundsException.class,
                () -> FuzzProperty.refusedLater(new IndexOutOfBoundsException("3")));
        ModelFormatException named = new ModelFormatException(FuzzProperty.SOURCE + ": tensor 'a\nb\u0001'");
        assertEquals(FuzzProperty.SOURCE + ": tensor 'a\\nb\\x01'", named.getMessage());
        assertDoesNotThrow(() -> FuzzProperty.checkMessage(named, true));
    }
}
