package dev.tinyforge.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The short fuzzing run of CI: Jazzer for {@value #SECONDS} s (fixed seed) on {@link AllFuzzTarget}, which
 * reads, plans and emits each input, in one child JVM ({@link FuzzCampaign}): one JVM start and one
 * instrumentation instead of three. It fails on any finding (an exception other than a clean refusal, an
 * error, a hang), naming the input file the fuzzer saved and showing its report.
 */
class FuzzSmokeTest {
    static final long SECONDS = 30;
    static final long SEED = 20_261_205L;

    @ParameterizedTest
    @ValueSource(strings = {"all"})
    void fuzzingFindsNothing(String target, @TempDir Path work) throws Exception {
        Path seeds = work.resolve("seeds");
        FuzzCorpus.writeSeeds(seeds);
        FuzzCampaign.Result r = FuzzCampaign.run(target, seeds, work,
                new FuzzCampaign.Settings(SECONDS, 10_000_000, SEED, 1, null));
        assertTrue(r.clean(), () -> {
            try {
                return target + ": exit " + r.exitCode() + ", findings " + r.artifacts() + "\n" + r.logTail(60);
            } catch (java.io.IOException e) {
                return target + ": exit " + r.exitCode() + ", findings " + r.artifacts() + " (no log: " + e + ")";
            }
        });
        // how many inputs fit in the time depends on the machine's load; past the seeds means it mutated
        assertTrue(r.inputs() > FuzzCorpus.seeds().size() * 2L, target + " ran only " + r.inputs() + " inputs");
        assertTrue(!r.refusals().isEmpty(), target + ": no mutated input was refused");
        assertTrue(r.accepted() > 0, target + ": no input accepted, not even the seeds");
        try (Stream<Path> crashLogs = Files.list(work)) {
            assertEquals(0, crashLogs.filter(f -> f.getFileName().toString().startsWith("hs_err")).count(),
                    "the child JVM crashed: " + work);
        }
        System.out.printf("fuzz %s: %,d inputs in %d s, %,d accepted, %d unique refusals, no finding%n", target,
                r.inputs(), SECONDS, r.accepted(), r.refusals().size());
    }
}
