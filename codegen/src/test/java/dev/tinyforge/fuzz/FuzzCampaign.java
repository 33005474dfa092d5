package dev.tinyforge.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs Jazzer's fuzzing mode on one target in a child JVM, and reads back what it saw. A child
 * because a finding may be an {@link OutOfMemoryError} or a hang that leaves a JVM unusable, because
 * libFuzzer ends its process when it is done, and because the fuzzer's instrumentation must not touch
 * the JVM running the other tests.
 *
 * <p>The fuzzer gets a fixed {@code -seed}, a per-input timeout ({@value #INPUT_TIMEOUT_SECONDS} s:
 * longer is a hang), a time and a run budget, the seeds as a read-only corpus and a fresh directory
 * for the inputs it keeps. Crash and timeout inputs land in the work directory as {@code
 * <target>-crash-<sha1>} and {@code <target>-timeout-<sha1>}; the child's JVM crash logs, if any, too
 * ({@code -XX:ErrorFile}), never in the source tree.
 */
final class FuzzCampaign {
    /** The targets by the short name scripts use. */
    static final Map<String, Class<?>> TARGETS = new TreeMap<>(Map.of(
            "read", ReadFuzzTarget.class, "plan", PlanFuzzTarget.class, "emit", EmitFuzzTarget.class));
    /** Targets for CI only: {@code all} runs the three entry points on each input in one JVM. */
    static final Map<String, Class<?>> SMOKE_TARGETS = Map.of("all", AllFuzzTarget.class);
    static final int INPUT_TIMEOUT_SECONDS = 10;
    /** Coverage of our code guides the fuzzer; instrumenting the hundreds of generated schema classes only slows it. */
    private static final String INSTRUMENT = "dev.tinyforge.**";

    /**
     * What one run saw.
     *
     * @param exitCode the fuzzer's exit code (0: budget used up, no finding)
     * @param inputs inputs the target ran (its own count)
     * @param accepted inputs the reader accepted
     * @param refusedLater accepted inputs the planner or emitter refused
     * @param refusals unique refusal messages (input-specific parts blanked) and how often each came
     * @param crashes distinct findings Jazzer reported (exceptions, errors, broken messages)
     * @param hangs inputs that ran past the per-input timeout
     * @param artifacts the inputs saved for the findings and hangs
     * @param log the child's output
     */
    record Result(String target, int exitCode, long inputs, long accepted, long refusedLater,
            Map<String, Long> refusals, int crashes, int hangs, List<Path> artifacts, Path log) {
        boolean clean() {
            return exitCode == 0 && crashes == 0 && hangs == 0 && artifacts.isEmpty();
        }

        /** The last lines of the child's output, for a failure message. */
        String logTail(int lines) throws IOException {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    /**
     * The budget and settings of a run.
     *
     * @param seconds libFuzzer's {@code -max_total_time}
     * @param runs libFuzzer's {@code -runs} (inputs, the seeds included)
     * @param seed libFuzzer's {@code -seed}
     * @param keepGoing findings Jazzer reports before it stops (1: stop at the first)
     * @param accepted where accepted inputs are saved, or {@code null}
     */
    record Settings(long seconds, long runs, long seed, int keepGoing, Path accepted) {
    }

    private FuzzCampaign() {
    }

    /**
     * Fuzzes {@code target} from the seeds in {@code seeds}, working in {@code work}.
     *
     * @throws IOException when the child cannot be started or its files cannot be read
     */
    static Result run(String target, Path seeds, Path work, Settings s) throws IOException, InterruptedException {
        Class<?> cls = TARGETS.containsKey(target) ? TARGETS.get(target) : SMOKE_TARGETS.get(target);
        if (cls == null) {
            throw new IllegalArgumentException("no fuzz target '" + target + "'; targets: " + TARGETS.keySet());
        }
        Files.createDirectories(work);
        Path corpus = Files.createDirectories(work.resolve(target + "-corpus"));
        Path report = work.resolve(target + ".report");
        Path log = work.resolve(target + ".log");
        Files.deleteIfExists(report);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.add("-XX:ErrorFile=" + work.resolve("hs_err_pid%p.log"));
        cmd.add("-D" + FuzzStats.REPORT + "=" + report);
        if (s.accepted() != null) {
            Files.createDirectories(s.accepted());
            cmd.add("-D" + FuzzStats.ACCEPTED + "=" + s.accepted());
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("com.code_intelligence.jazzer.Jazzer");
        cmd.add("--target_class=" + cls.getName());
        cmd.add("--instrumentation_includes=" + INSTRUMENT);
        cmd.add("--keep_going=" + s.keepGoing());
        cmd.add("-seed=" + s.seed());
        cmd.add("-runs=" + s.runs());
        cmd.add("-max_total_time=" + s.seconds());
        cmd.add("-timeout=" + INPUT_TIMEOUT_SECONDS);
        cmd.add("-rss_limit_mb=3072");
        cmd.add("-artifact_prefix=" + work.resolve(target + "-"));
        cmd.add("-print_final_stats=1");
        cmd.add(corpus.toString());
        cmd.add(seeds.toString());
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        // the time budget, plus start-up, the seeds and one input's timeout
        if (!p.waitFor(s.seconds() + 120 + INPUT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        List<Path> artifacts;
        try (Stream<Path> files = Files.list(work)) {
            artifacts = files.filter(f -> f.getFileName().toString().matches(target + "-(crash|timeout|oom|leak)-.*"))
                    .sorted().toList();
        }
        int hangs = (int) artifacts.stream().filter(f -> f.getFileName().toString().contains("-timeout-")).count();
        int crashes = count(out, "== Java Exception:") + count(out, "ERROR: libFuzzer: out-of-memory")
                + count(out, "ERROR: libFuzzer: deadly signal");
        long inputs = 0;
        long accepted = 0;
        long refusedLater = 0;
        Map<String, Long> refusals = new TreeMap<>();
        if (Files.exists(report)) {
            for (String line : Files.readAllLines(report, StandardCharsets.UTF_8)) {
                if (line.startsWith("inputs=")) {
                    inputs = Long.parseLong(line.substring(7));
                } else if (line.startsWith("accepted=")) {
                    accepted = Long.parseLong(line.substring(9));
                } else if (line.startsWith("refused_later=")) {
                    refusedLater = Long.parseLong(line.substring(14));
                } else if (line.startsWith("refusal\t")) {
                    String[] f = line.split("\t", 3);
                    refusals.put(f[2], Long.parseLong(f[1]));
                }
            }
        }
        return new Result(target, p.exitValue(), inputs, accepted, refusedLater, refusals, crashes, hangs, artifacts,
                log);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * The long run ({@code bench/fuzz-long}): the three targets at once, each in its own child JVM, then a
     * summary. Arguments: {@code WORK_DIR SECONDS_PER_TARGET RUNS_PER_TARGET [SEED]}; each target stops
     * at whichever budget it reaches first.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: FuzzCampaign WORK_DIR SECONDS_PER_TARGET RUNS_PER_TARGET [SEED]");
            System.exit(2);
        }
        Path work = Path.of(args[0]).toAbsolutePath();
        long seconds = Long.parseLong(args[1]);
        long runs = Long.parseLong(args[2]);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        Path seeds = work.resolve("seeds");
        FuzzCorpus.writeSeeds(seeds);
        long t0 = System.nanoTime();
        Map<String, java.util.concurrent.Future<Result>> running = new TreeMap<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(TARGETS.size());
        for (String target : TARGETS.keySet()) {
            running.put(target, pool.submit(() -> run(target, seeds, work,
                    new Settings(seconds, runs, seed, 1000, work.resolve("accepted")))));
        }
        pool.shutdown();
        long inputs = 0;
        long accepted = 0;
        int crashes = 0;
        int hangs = 0;
        Map<String, Long> refusals = new TreeMap<>();
        for (Map.Entry<String, java.util.concurrent.Future<Result>> e : running.entrySet()) {
            Result r = e.getValue().get();
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%-5s %,12d inputs, %,d accepted by the reader (%,d of them then refused by the "
                    + "planner or emitter), %d unique refusals, %d crashes, %d hangs, exit %d (%,.0f s)%n",
                    r.target(), r.inputs(), r.accepted(), r.refusedLater(), r.refusals().size(), r.crashes(),
                    r.hangs(), r.exitCode(), secs);
            for (Path a : r.artifacts()) {
                System.out.println("      finding: " + a);
            }
            if (r.exitCode() != 0 && r.artifacts().isEmpty()) {
                System.out.println("      the fuzzer failed; its output: " + r.log());
            }
            inputs += r.inputs();
            accepted += r.accepted();
            crashes += r.crashes();
            hangs += r.hangs();
            r.refusals().forEach((m, n) -> refusals.merge(m, n, Long::sum));
        }
        System.out.printf("total %,d inputs, %,d accepted by the reader, %d crashes, %d hangs, %d unique rejection "
                + "messages, %,.0f s%n", inputs, accepted, crashes, hangs, refusals.size(), (System.nanoTime() - t0) / 1e9);
        Files.write(work.resolve("refusals.txt"), refusals.entrySet().stream()
                .map(e -> e.getValue() + "\t" + e.getKey()).toList(), StandardCharsets.UTF_8);
        System.out.println("unique rejection messages with counts: " + work.resolve("refusals.txt"));
        System.out.println("accepted inputs (for the TFLite differential): " + work.resolve("accepted"));
        System.exit(crashes == 0 && hangs == 0 ? 0 : 1);
    }
}
