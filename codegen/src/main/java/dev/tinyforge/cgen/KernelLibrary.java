package dev.tinyforge.cgen;

import dev.tinyforge.util.ResourceListing;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The C kernel library as its header declares it: every function of {@code include/tfg_kernels.h}
 * lives in {@code src/<function>.c} (a {@code <kernel>_get_buffer_size} in its kernel's file), and the
 * {@code @needs} line of its comment names the {@code tfg_} functions of other files that source
 * calls. So the header is the library's manifest: adding a kernel is its source and its prototype.
 * {@link #sources} follows the needs transitively, so a firmware links a model's kernels and their
 * helpers and nothing else ({@code KernelLibraryTest} checks the needs against the compiler's undefined
 * symbols).
 */
public final class KernelLibrary {
    private static final String ROOT = "dev/tinyforge/native/";
    private static final String DECLARATIONS = "include/tfg_kernels.h";
    private static final Pattern DECLARATION = Pattern.compile("^\\w[\\w\\s*]*?\\b(tfg_\\w+)\\s*\\(");
    private static final Pattern NEEDS_LINE = Pattern.compile("^\\s*\\*\\s*@needs\\s+(.*)$");
    private static final String BUFFER_SIZE = "_get_buffer_size";
    private static final List<String> HEADERS;
    private static final Map<String, List<String>> NEEDS;

    static {
        List<String> headers = new ArrayList<>();
        for (String f : ResourceListing.files(KernelLibrary.class.getClassLoader(), ROOT + "include")) {
            if (f.endsWith(".h")) {
                headers.add("include/" + f);
            }
        }
        Map<String, List<String>> needs = new TreeMap<>();
        List<String> pending = new ArrayList<>();
        for (String line : resource(DECLARATIONS).split("\n")) {
            Matcher n = NEEDS_LINE.matcher(line);
            if (n.matches()) {
                pending.addAll(List.of(n.group(1).strip().split("\\s+")));
                continue;
            }
            Matcher d = DECLARATION.matcher(line);
            if (d.find()) {
                String fn = d.group(1);
                String owner = fn.endsWith(BUFFER_SIZE) ? fn.substring(0, fn.length() - BUFFER_SIZE.length()) : fn;
                needs.computeIfAbsent("src/" + owner + ".c", k -> new ArrayList<>()).addAll(pending);
                pending.clear();
            }
        }
        needs.replaceAll((k, v) -> List.copyOf(new java.util.TreeSet<>(v)));
        HEADERS = List.copyOf(headers);
        NEEDS = java.util.Collections.unmodifiableMap(needs);
    }

    private KernelLibrary() {
    }

    /** The headers every project carries ({@code include/...}). */
    public static List<String> headers() {
        return HEADERS;
    }

    /** Every source file of the library, sorted. */
    public static List<String> allSources() {
        return List.copyOf(NEEDS.keySet());
    }

    /** The {@code tfg_} functions a source calls from other sources. */
    public static List<String> needs(String source) {
        List<String> n = NEEDS.get(source);
        if (n == null) {
            throw new IllegalArgumentException("kernel source " + source + " declares nothing in " + DECLARATIONS);
        }
        return n;
    }

    /** The source file defining kernel function {@code function}. */
    public static String sourceOf(String function) {
        String path = "src/" + function + ".c";
        if (!NEEDS.containsKey(path)) {
            throw new IllegalArgumentException("kernel " + function + " is not declared in " + DECLARATIONS
                    + " (its source would be " + path + ")");
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
        try (InputStream in = KernelLibrary.class.getResourceAsStream("/" + ROOT + path)) {
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
