package dev.tinyforge.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The file names directly inside a class-path directory, whether it is a directory on disk (tests,
 * IDEs) or inside a jar (the installed tool): how the op registry finds op classes and the kernel
 * library finds its headers without a list that someone must keep in step.
 */
public final class ResourceListing {
    private ResourceListing() {
    }

    /** Names (not paths) of the files directly in {@code dir} (e.g. {@code dev/tinyforge/ops}), sorted. */
    public static TreeSet<String> files(ClassLoader loader, String dir) {
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> roots = loader.getResources(dir);
            while (roots.hasMoreElements()) {
                list(roots.nextElement(), dir, names);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + " on the class path", e);
        }
        return names;
    }

    private static void list(URL root, String dir, TreeSet<String> names) throws IOException {
        if ("file".equals(root.getProtocol())) {
            Path path;
            try {
                path = Path.of(root.toURI());
            } catch (URISyntaxException e) {
                throw new IOException("bad class path entry " + root, e);
            }
            try (Stream<Path> files = Files.list(path)) {
                files.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
            }
        } else if ("jar".equals(root.getProtocol())) {
            JarURLConnection connection = (JarURLConnection) root.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                    String entry = e.nextElement().getName();
                    if (entry.startsWith(dir + "/") && entry.length() > dir.length() + 1
                            && entry.indexOf('/', dir.length() + 1) < 0) {
                        names.add(entry.substring(dir.length() + 1));
                    }
                }
            }
        }
    }
}
