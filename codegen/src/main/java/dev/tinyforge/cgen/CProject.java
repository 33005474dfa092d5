package dev.tinyforge.cgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A self-contained C project: the generated model sources plus the kernel library files they need
 * (the headers and the sources their {@link KernelCall}s name, from the native module), laid out as
 * {@code include/}, {@code src/} and the model files at the top.
 */
public final class CProject {
    private CProject() {
    }

    /** Relative path → contents of every file of a project holding the given models. */
    public static Map<String, String> files(List<CSource> models) {
        java.util.TreeSet<String> sources = new java.util.TreeSet<>();
        for (CSource m : models) {
            sources.addAll(m.kernelSources());
        }
        List<String> library = new java.util.ArrayList<>(KernelLibrary.headers());
        library.addAll(sources);
        Map<String, String> files = new LinkedHashMap<>(KernelLibrary.files(library));
        for (CSource m : models) {
            files.put(m.headerFile(), m.header());
            files.put(m.sourceFile(), m.source());
        }
        return files;
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
