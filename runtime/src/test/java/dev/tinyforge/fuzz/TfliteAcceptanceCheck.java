package dev.tinyforge.fuzz;

import dev.tinyforge.runtime.ModelLoadException;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.ModelFormatException;
import dev.tinyforge.tflite.TfliteReader;
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
     */
    public record Result(int files, int notOurs, int loaded, Map<String, String> refused, Map<String, String> failed) {
    }

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
        int next = 0;
        while (next < files.size()) {
            Path list = Files.createTempFile("tinyforge-tflite-check", ".txt");
            try {
                Files.write(list, files.subList(next, files.size()).stream().map(Path::toString).toList());
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g", "-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"),
                                "tinyforge-tflite-check-hs_err_pid%p.log"),
                        "-cp", System.getProperty("java.class.path"), TfliteAcceptanceCheck.class.getName(),
                        "--child", list.toString())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String current = null;
                try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        String[] f = line.split("\t", 3);
                        switch (f[0]) {
                            case "CHECK" -> current = f[1];
                            case "NOT_OURS" -> { notOurs++; next++; current = null; }
                            case "LOADED" -> { loaded++; next++; current = null; }
                            case "REFUSED" -> { refused.put(f[1], f[2]); next++; current = null; }
                            case "FAILED" -> { failed.put(f[1], f[2]); next++; current = null; }
                            default -> { }
                        }
                    }
                }
                int code = p.waitFor();
                if (current != null) {
                    refused.put(current, "TFLite aborted the process (exit " + code + ")");
                    next++;
                } else if (code != 0 && next < files.size()) {
                    throw new IOException("the TFLite check process failed (exit " + code + ") before "
                            + files.get(next));
                }
            } finally {
                Files.deleteIfExists(list);
            }
        }
        return new Result(files.size(), notOurs, loaded, refused, failed);
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
        System.out.printf("TFLite differential: %,d inputs our reader accepted, %,d loaded by TFLite, %,d refused "
                + "by TFLite, %,d failures of our runner%n", r.files() - r.notOurs(), r.loaded(), r.refused().size(),
                r.failed().size());
        r.refused().forEach((f, why) -> System.out.println("  accepted by us, refused by TFLite: " + f + ": " + why));
        r.failed().forEach((f, why) -> System.out.println("  our runner failed: " + f + ": " + why));
        System.exit(r.refused().isEmpty() && r.failed().isEmpty() ? 0 : 1);
    }

    private static void child(List<String> files) throws IOException {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        // TFLite's own messages go to stderr, which the parent discards; ours must not mix into stdout
        System.setOut(System.err);
        for (String file : files) {
            out.println("CHECK\t" + file);
            byte[] data = Files.readAllBytes(Path.of(file));
            try {
                TfliteReader.read(data, file);
            } catch (ModelFormatException e) {
                out.println("NOT_OURS\t" + file);
                continue;
            }
            try (TfliteRunner r = new TfliteRunner(data, file, RunnerOptions.reference())) {
                out.println("LOADED\t" + file);
            } catch (ModelLoadException e) {
                out.println("REFUSED\t" + file + "\t" + e.getMessage().replace('\n', ' '));
            } catch (RuntimeException e) {
                out.println("FAILED\t" + file + "\t" + String.valueOf(e).replace('\n', ' '));
            }
        }
    }
}
