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
        Map<String, String> sorted = new TreeMap<>(files);
        String key = hash(sorted, extraFlags, libraryName);
        Path dir = cacheRoot().resolve("native").resolve(key);
        Path lib = dir.resolve(libraryName);
        if (Files.isRegularFile(lib)) {
            return lib;
        }
        try {
            Path work = Files.createTempDirectory(cacheRoot().resolve("native").toFile().exists()
                    ? cacheRoot().resolve("native") : Files.createDirectories(cacheRoot().resolve("native")), "build-");
            List<String> cmd = new ArrayList<>(List.of(Toolchain.of(Target.host()).compiler()));
            cmd.addAll(FLAGS);
            cmd.addAll(extraFlags);
            cmd.add("-I" + work.resolve("include"));
            for (Map.Entry<String, String> f : sorted.entrySet()) {
                Path p = work.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue());
                if (f.getKey().endsWith(".c")) {
                    cmd.add(p.toString());
                }
            }
            cmd.add("-o");
            cmd.add(work.resolve(libraryName).toString());
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!proc.waitFor(300, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw new IllegalStateException("gcc did not finish within 300 s in " + work);
            }
            if (proc.exitValue() != 0) {
                throw new IllegalStateException("gcc failed (sources kept in " + work + "):\n" + log);
            }
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
