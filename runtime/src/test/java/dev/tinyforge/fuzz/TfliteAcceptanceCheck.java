package dev.tinyforge.fuzz;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.runtime.ModelLoadException;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.ModelFormatException;
import dev.tinyforge.tflite.TfliteReader;
import dev.tinyforge.tflite.TfliteWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The fuzzing campaign's differential check, for the goal "no file TFLite rejects but we accept": every
 * input our reader accepted (the fuzz targets save them) must also be loaded by TFLite's interpreter
 * (its verifier, the interpreter builder with the built-in kernels, and tensor allocation, which runs
 * each kernel's Prepare).
 *
 * <p>TFLite may abort its process on a file it refuses, so the files are loaded in a child JVM, one
 * after another; when the child dies, the file it was loading is counted as refused (aborted) and a
 * new child goes on with the next. Child JVM crash logs go to the system temporary directory, never
 * into the working directory.
 */
public final class TfliteAcceptanceCheck {
    /**
     * What the check found.
     *
     * @param files the files given
     * @param notOurs files our reader refuses (not part of the comparison)
     * @param loaded files we accept that TFLite loads
     * @param refused files we accept that TFLite refuses, with its reason (or "aborted")
     * @param failed files on which our TFLite runner threw something other than its refusal (a defect)
     * @param refusedByUs files our reader refuses and TFLite loads, with our reason: the other direction, which
     *     must stay empty for files whose ops we support (a campaign's accepted inputs, re-checked after new checks)
     */
    public record Result(int files, int notOurs, int loaded, Map<String, String> refused, Map<String, String> failed,
            Map<String, String> refusedByUs) {
    }

    /** Marks, on the child's stderr, where TFLite's messages about the next file begin. */
    private static final String MARK = "\u0001CHECK\t";

    private TfliteAcceptanceCheck() {
    }

    /** Checks every file of {@code dir}. */
    public static Result check(Path dir) throws IOException, InterruptedException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        int notOurs = 0;
        int loaded = 0;
        Map<String, String> refused = new TreeMap<>();
        Map<String, String> failed = new TreeMap<>();
        Map<String, String> refusedByUs = new TreeMap<>();
        Map<String, String> tfliteSaid = new TreeMap<>();
        int next = 0;
        while (next < files.size()) {
            Path list = Files.createTempFile("tinyforge-tflite-check", ".txt");
            Path err = Files.createTempFile("tinyforge-tflite-check", ".err");
            try {
                Files.write(list, files.subList(next, files.size()).stream().map(Path::toString).toList());
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g", "-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"),
                                "tinyforge-tflite-check-hs_err_pid%p.log"),
                        "-cp", System.getProperty("java.class.path"), TfliteAcceptanceCheck.class.getName(),
                        "--child", list.toString())
                        .redirectError(err.toFile()).start();
                String current = null;
                boolean currentIsNotOurs = false;
                try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        String[] f = line.split("\t", 3);
                        switch (f[0]) {
                            case "CHECK" -> { current = f[1]; currentIsNotOurs = false; }
                            case "PROBING" -> currentIsNotOurs = true;
                            case "NOT_OURS" -> { notOurs++; next++; current = null; }
                            case "REFUSED_BY_US" -> { notOurs++; refusedByUs.put(f[1], f[2]); next++; current = null; }
                            case "LOADED" -> { loaded++; next++; current = null; }
                            case "REFUSED" -> { refused.put(f[1], f[2]); next++; current = null; }
                            case "FAILED" -> { failed.put(f[1], f[2]); next++; current = null; }
                            default -> { }
                        }
                    }
                }
                int code = p.waitFor();
                collectTfliteMessages(err, tfliteSaid);
                if (current != null && currentIsNotOurs) {
                    notOurs++; // refused by our reader, and TFLite aborted on it
                    next++;
                } else if (current != null) {
                    refused.put(current, "TFLite aborted the process (exit " + code + ")");
                    next++;
                } else if (code != 0 && next < files.size()) {
                    throw new IOException("the TFLite check process failed (exit " + code + ") before "
                            + files.get(next));
                }
            } finally {
                Files.deleteIfExists(list);
                Files.deleteIfExists(err);
            }
        }
        refused.replaceAll((f, why) -> tfliteSaid.containsKey(f) ? why + " [TFLite: " + tfliteSaid.get(f) + "]" : why);
        return new Result(files.size(), notOurs, loaded, refused, failed, refusedByUs);
    }

    /** TFLite's own lines on the child's stderr, joined per file, so that refusals can be bucketed by its reason. */
    private static void collectTfliteMessages(Path err, Map<String, String> into) throws IOException {
        String file = null;
        StringBuilder said = new StringBuilder();
        for (String line : Files.readAllLines(err, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith(MARK)) {
                if (file != null && said.length() > 0) {
                    into.put(file, said.toString().strip());
                }
                file = line.substring(MARK.length());
                said.setLength(0);
            } else if (file != null && !line.isBlank()) {
                said.append(said.length() > 0 ? " | " : "").append(line.strip());
            }
        }
        if (file != null && said.length() > 0) {
            into.put(file, said.toString().strip());
        }
    }

    /** {@code DIR}: checks its files and prints the result; {@code --child LIST}: the child's side. */
    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--child")) {
            child(Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8));
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: TfliteAcceptanceCheck DIR");
            System.exit(2);
        }
        Result r = check(Path.of(args[0]));
        System.out.printf("TFLite differential: %,d inputs, %,d our reader accepted, %,d of them loaded by TFLite, "
                + "%,d refused by TFLite, %,d failures of our runner; %,d refused by our reader, %,d of them loaded by "
                + "TFLite%n", r.files(), r.files() - r.notOurs(), r.loaded(), r.refused().size(), r.failed().size(),
                r.notOurs(), r.refusedByUs().size());
        r.refused().forEach((f, why) -> System.out.println("  accepted by us, refused by TFLite: " + f + ": " + why));
        r.failed().forEach((f, why) -> System.out.println("  our runner failed: " + f + ": " + why));
        r.refusedByUs().forEach((f, why) -> System.out.println("  refused by us, loaded by TFLite: " + f + ": " + why));
        System.exit(r.refused().isEmpty() && r.failed().isEmpty() && r.refusedByUs().isEmpty() ? 0 : 1);
    }

    private static void child(List<String> files) throws IOException {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        // TFLite's own messages go to stderr, which the parent discards; ours must not mix into stdout
        System.setOut(System.err);
        for (String file : files) {
            out.println("CHECK\t" + file);
            System.err.println(MARK + file);
            byte[] data = Files.readAllBytes(Path.of(file));
            byte[] forTflite = data;
            try {
                Graph g = TfliteReader.read(data, file);
                // what the reader normalized (a per-tensor quantized_dimension TFLite refuses) is checked as the
                // commands check it: TFLite runs the graph written again, not the file
                if (g.metadata().containsKey(TfliteReader.NORMALIZED)) {
                    forTflite = TfliteWriter.write(g);
                }
            } catch (ModelFormatException e) {
                String ours = e.getMessage();
                out.println("PROBING\t" + file);
                if (tfliteLoads(data, file)) {
                    out.println("REFUSED_BY_US\t" + file + "\t" + ours.replace('\n', ' '));
                } else {
                    out.println("NOT_OURS\t" + file);
                }
                continue;
            } catch (RuntimeException e) {
                out.println("FAILED\t" + file + "\t" + String.valueOf(e).replace('\n', ' '));
                continue;
            }
            try (TfliteRunner r = new TfliteRunner(forTflite, file, RunnerOptions.reference())) {
                out.println("LOADED\t" + file);
            } catch (ModelLoadException e) {
                out.println("REFUSED\t" + file + "\t" + e.getMessage().replace('\n', ' '));
            } catch (RuntimeException e) {
                out.println("FAILED\t" + file + "\t" + String.valueOf(e).replace('\n', ' '));
            }
        }
    }

    /**
     * Whether TFLite loads a file our reader refused. A file TFLite would abort on kills this child, which the
     * parent then counts as one TFLite refused; our reader refused it too, so nothing is lost but the count.
     */
    private static boolean tfliteLoads(byte[] data, String file) {
        try (TfliteRunner r = new TfliteRunner(data, file, RunnerOptions.reference())) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
