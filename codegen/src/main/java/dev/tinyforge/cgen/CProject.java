package dev.tinyforge.cgen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A self-contained C project: the generated model sources plus the kernel sources (read from the
 * {@code native} module's resources, listed in its {@code MANIFEST}), laid out as {@code include/},
 * {@code src/} and the model files at the top.
 */
public final class CProject {
    private static final String ROOT = "/dev/tinyforge/native/";

    private CProject() {
    }

    /** Relative path → contents of every file of a project holding the given models. */
    public static Map<String, String> files(List<CSource> models) {
        Map<String, String> files = new LinkedHashMap<>(kernelSources());
        for (CSource m : models) {
            files.put(m.headerFile(), m.header());
            files.put(m.sourceFile(), m.source());
        }
        return files;
    }

    /** The kernel sources by relative path ({@code include/tfg_kernels.h}, {@code src/tfg_*.c}). */
    public static Map<String, String> kernelSources() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String path : manifest()) {
            files.put(path, resource(path));
        }
        return files;
    }

    static List<String> manifest() {
        List<String> paths = new ArrayList<>();
        for (String line : resource("MANIFEST").split("\n")) {
            if (!line.isBlank()) {
                paths.add(line.trim());
            }
        }
        return paths;
    }

    private static String resource(String path) {
        try (InputStream in = CProject.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + path + " is missing from the build (native module)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the files under {@code dir} (created if needed). */
    public static void write(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
    }
}
