package dev.tinyforge.runtime.host;

import dev.tinyforge.target.Target;
import dev.tinyforge.target.Toolchain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Compiles C sources into a shared library with the host's gcc, cached by the SHA-256 of the sources
 * and flags under {@code $TINYFORGE_CACHE} (default {@code ~/.cache/tinyforge}), so a model is compiled
 * once, with the host {@link Toolchain}'s flags (generated code is held to {@code -std=c99 -Wall -Wextra
 * -Werror}).
 */
public final class HostCompiler {
    private static final String COMPILER = Toolchain.of(Target.host()).compiler();
    private static final long TIMEOUT_SECONDS = 300;

    /** Flags every model library is built with: the host toolchain's, as a shared library. */
    public static final List<String> FLAGS = flags();

    private static List<String> flags() {
        List<String> f = new ArrayList<>(Toolchain.of(Target.host()).compileFlags());
        f.addAll(Toolchain.SHARED_LIBRARY_FLAGS);
        return List.copyOf(f);
    }

    private HostCompiler() {
    }

    static Path cacheRoot() {
        String env = System.getenv("TINYFORGE_CACHE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache",
                "tinyforge");
    }

    /**
     * Builds (or finds) the library of the given files.
     *
     * @param files relative path → contents; every {@code .c} file is compiled, {@code include/} is on the path
     * @param extraFlags flags after the standard ones (e.g. JNI include paths)
     */
    public static Path build(Map<String, String> files, List<String> extraFlags, String libraryName) {
        return build(files, extraFlags, libraryName, Target.host());
    }

    /**
     * Like {@link #build(Map, List, String)}, with the flags of a host target other than this machine's own,
     * e.g. {@code Target.host().without(Feature.AVX2)}, so the plain kernel paths stay tested here.
     */
    public static Path build(Map<String, String> files, List<String> extraFlags, String libraryName, Target target) {
        if (target.kind() != Target.Kind.HOST) {
            throw new IllegalArgumentException("the native backend builds for the host, not " + target);
        }
        List<String> targetFlags = Toolchain.of(target).compileFlags();
        Map<String, String> sorted = new TreeMap<>(files);
        String key = hash(sorted, concat(targetFlags, extraFlags), libraryName);
        Path dir = cacheRoot().resolve("native").resolve(key);
        Path lib = dir.resolve(libraryName);
        if (Files.isRegularFile(lib)) {
            return lib;
        }
        try {
            Path work = Files.createTempDirectory(cacheRoot().resolve("native").toFile().exists()
                    ? cacheRoot().resolve("native") : Files.createDirectories(cacheRoot().resolve("native")), "build-");
            List<Path> sources = new ArrayList<>();
            for (Map.Entry<String, String> f : sorted.entrySet()) {
                Path p = work.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue());
                if (f.getKey().endsWith(".c")) {
                    sources.add(p);
                }
            }
            List<String> objects = compileInParallel(unityChunks(sources, work), targetFlags, extraFlags, work);
            List<String> link = new ArrayList<>(List.of(COMPILER));
            link.addAll(Toolchain.SHARED_LIBRARY_FLAGS);
            link.addAll(objects);
            link.add("-o");
            link.add(work.resolve(libraryName).toString());
            run(link, work, work);
            Files.createDirectories(dir.getParent());
            try {
                Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // another process built the same library first; use theirs
            }
            return lib;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build " + libraryName + " under " + cacheRoot(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling " + libraryName, e);
        }
    }

    /**
     * The translation units to compile: the kernel sources as they are, and the generated models (the
     * top-level files) in one unity file per core, each {@code #include}-ing its share. Every generated
     * symbol carries its model's prefix, so models share a unit safely, and a thousand models of a
     * randomized kernel test then compile in a few seconds instead of half a minute (the compiler's
     * cost is per unit, not per line).
     */
    private static List<Path> unityChunks(List<Path> sources, Path work) throws IOException {
        List<Path> units = new ArrayList<>();
        List<Path> models = new ArrayList<>();
        for (Path src : sources) {
            if (src.getParent().equals(work)) {
                models.add(src);
            } else {
                units.add(src);
            }
        }
        if (models.size() <= 1) {
            units.addAll(models);
            return units;
        }
        int chunks = Math.min(models.size(), Runtime.getRuntime().availableProcessors());
        for (int c = 0; c < chunks; c++) {
            StringBuilder unity = new StringBuilder("/* Generated by TinyForge: models compiled as one unit. */\n");
            for (int i = c; i < models.size(); i += chunks) {
                unity.append("#include \"").append(models.get(i).getFileName()).append("\"\n");
            }
            Path unit = work.resolve("unity-" + c + ".c");
            Files.writeString(unit, unity.toString());
            units.add(unit);
        }
        return units;
    }

    /**
     * Compiles the sources to objects with one compiler process per core, each taking a share of the
     * files (a randomized kernel test puts a thousand models in one library: one process for all of
     * them used one core for half a minute). Returns the objects in a fixed order.
     */
    private static List<String> compileInParallel(List<Path> sources, List<String> targetFlags, List<String> extraFlags,
            Path work)
            throws IOException, InterruptedException {
        int jobs = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), sources.size()));
        List<List<Path>> batches = new ArrayList<>();
        List<java.util.Set<String>> names = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            batches.add(new ArrayList<>());
            names.add(new java.util.HashSet<>());
        }
        for (int i = 0; i < sources.size(); i++) {
            Path src = sources.get(i);
            int b = i % jobs;
            while (!names.get(b).add(src.getFileName().toString())) { // objects land by base name
                b++;
                if (b == batches.size()) {
                    batches.add(new ArrayList<>());
                    names.add(new java.util.HashSet<>());
                }
            }
            batches.get(b).add(src);
        }
        List<Process> running = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            Path objDir = Files.createDirectories(work.resolve("obj-" + b));
            List<String> cmd = new ArrayList<>(List.of(COMPILER));
            cmd.addAll(targetFlags);
            cmd.add("-fPIC");
            cmd.addAll(extraFlags);
            cmd.add("-I" + work.resolve("include"));
            cmd.add("-I" + work);
            cmd.add("-c");
            for (Path src : batches.get(b)) {
                cmd.add(src.toString());
                String base = src.getFileName().toString();
                objects.add(objDir.resolve(base.substring(0, base.length() - 2) + ".o").toString());
            }
            Path log = work.resolve("compile-" + b + ".log");
            logs.add(log);
            running.add(new ProcessBuilder(cmd).directory(objDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start());
        }
        StringBuilder failed = new StringBuilder();
        for (int b = 0; b < running.size(); b++) {
            Process proc = running.get(b);
            if (!proc.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                running.forEach(Process::destroyForcibly);
                throw new IllegalStateException(COMPILER + " did not finish within " + TIMEOUT_SECONDS + " s in " + work);
            }
            if (proc.exitValue() != 0) {
                failed.append(Files.readString(logs.get(b)));
            }
        }
        if (failed.length() > 0) {
            throw new IllegalStateException(COMPILER + " failed (sources kept in " + work + "):\n" + failed);
        }
        java.util.Collections.sort(objects);
        return objects;
    }

    private static void run(List<String> cmd, Path dir, Path work) throws IOException, InterruptedException {
        Process proc = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!proc.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            throw new IllegalStateException(COMPILER + " did not finish within " + TIMEOUT_SECONDS + " s in " + work);
        }
        if (proc.exitValue() != 0) {
            throw new IllegalStateException(COMPILER + " failed (sources kept in " + work + "):\n" + log);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String hash(Map<String, String> files, List<String> flags, String name) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> f : files.entrySet()) {
                md.update(f.getKey().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(f.getValue().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            md.update(String.join(" ", FLAGS).getBytes(StandardCharsets.UTF_8));
            md.update(String.join(" ", flags).getBytes(StandardCharsets.UTF_8));
            md.update(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
