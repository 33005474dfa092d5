package dev.tinyforge.cgen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The C kernel library as its {@code MANIFEST} (in the native module) lists it: the headers every
 * project includes, and per source file the {@code tfg_} functions it calls that other sources define.
 * A kernel function {@code tfg_x} lives in {@code src/tfg_x.c}. {@link #sources} follows the needs
 * transitively, so a firmware links a model's kernels and their helpers and nothing else
 * ({@code KernelLibraryTest} checks the needs against the compiler's undefined symbols).
 */
public final class KernelLibrary {
    private static final String ROOT = "/dev/tinyforge/native/";
    private static final List<String> HEADERS;
    private static final Map<String, List<String>> NEEDS;

    static {
        List<String> headers = new ArrayList<>();
        Map<String, List<String>> needs = new LinkedHashMap<>();
        for (String raw : resource("MANIFEST").split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String path = colon < 0 ? line : line.substring(0, colon).strip();
            if (path.endsWith(".h")) {
                headers.add(path);
            } else {
                List<String> called = new ArrayList<>();
                if (colon >= 0) {
                    for (String fn : line.substring(colon + 1).strip().split("\\s+")) {
                        if (!fn.isEmpty()) {
                            called.add(fn);
                        }
                    }
                }
                needs.put(path, List.copyOf(called));
            }
        }
        HEADERS = List.copyOf(headers);
        NEEDS = java.util.Collections.unmodifiableMap(needs);
    }

    private KernelLibrary() {
    }

    /** The headers every project carries ({@code include/...}). */
    public static List<String> headers() {
        return HEADERS;
    }

    /** Every source file of the library, in MANIFEST order. */
    public static List<String> allSources() {
        return List.copyOf(NEEDS.keySet());
    }

    /** The {@code tfg_} functions a source calls from other sources. */
    public static List<String> needs(String source) {
        List<String> n = NEEDS.get(source);
        if (n == null) {
            throw new IllegalArgumentException("kernel source " + source + " is not in the native MANIFEST");
        }
        return n;
    }

    /** The source file defining kernel function {@code function}. */
    public static String sourceOf(String function) {
        String path = "src/" + function + ".c";
        if (!NEEDS.containsKey(path)) {
            throw new IllegalArgumentException("kernel " + function + " has no source " + path
                    + " in the native MANIFEST");
        }
        return path;
    }

    /** The sources that define {@code functions} and everything they call, sorted. */
    public static List<String> sources(Collection<String> functions) {
        TreeSet<String> found = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(functions);
        while (!todo.isEmpty()) {
            String path = sourceOf(todo.pop());
            if (found.add(path)) {
                todo.addAll(NEEDS.get(path));
            }
        }
        return List.copyOf(found);
    }

    /** Relative path to contents, for the given library files (headers or sources). */
    public static Map<String, String> files(Collection<String> paths) {
        Map<String, String> files = new LinkedHashMap<>();
        for (String p : paths) {
            files.put(p, resource(p));
        }
        return files;
    }

    private static String resource(String path) {
        try (InputStream in = KernelLibrary.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("kernel library file " + path + " is missing from the build "
                        + "(native module)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
