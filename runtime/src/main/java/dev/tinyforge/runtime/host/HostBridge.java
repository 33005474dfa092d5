package dev.tinyforge.runtime.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The fixed JNI library between Java and generated model libraries: dlopen, dlsym and a call of
 * {@code int <prefix>_invoke(const int8_t*, int8_t*)}. It is compiled once from
 * {@code tfg_jni.c} with the JDK's JNI headers and cached like any other library.
 */
final class HostBridge {
    private static boolean loaded;

    private HostBridge() {
    }

    static synchronized void load() {
        if (loaded) {
            return;
        }
        String source;
        try (InputStream in = HostBridge.class.getResourceAsStream("tfg_jni.c")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path include = javaHome.resolve("include");
        if (!include.resolve("jni.h").toFile().exists()) {
            throw new IllegalStateException("the native backend needs a JDK (jni.h not found under " + include
                    + "); install openjdk-17-jdk-headless");
        }
        Path lib = HostCompiler.build(Map.of("tfg_jni.c", source),
                List.of("-I" + include, "-I" + include.resolve("linux")), "libtfgjni.so");
        System.load(lib.toAbsolutePath().toString());
        loaded = true;
    }

    static native long open(String path);

    static native long symbol(long handle, String name);

    static native String lastError();

    static native int invoke(long function, byte[] input, byte[] output);
}
