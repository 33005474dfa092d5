package dev.tinyforge.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small C program built with the host {@link Toolchain} (the native backend's own flags, so a helper is
 * tested as the backend compiles it) against the runtime's headers, then run. For tests that hold C helpers
 * against their references over ranges no model reaches (every shift, every float): the program prints its
 * counts on its last line and the test reads them with {@link #lastLine}.
 */
public final class HostCProgram {
    /** The C runtime, from a module's directory. */
    public static final Path NATIVE = Path.of("../native/src/main/c");

    private HostCProgram() {
    }

    /**
     * Writes {@code source} as {@code NAME.c} in {@code dir}, compiles it with the runtime's C files named in
     * {@code runtimeSources} (e.g. {@code tfg_multiply_by_quantized_multiplier_ruy.c}) and {@code libs} (e.g.
     * {@code -lm}), runs it and returns what it printed; fails the test if either step fails or hangs.
     */
    public static String run(Path dir, String name, String source, List<String> runtimeSources, String... libs)
            throws IOException, InterruptedException {
        Path src = Files.writeString(dir.resolve(name + ".c"), source);
        Path exe = dir.resolve(name);
        List<String> cmd = new ArrayList<>(Toolchain.of(Target.host())
                .compileCommand(List.of(NATIVE.resolve("include").toAbsolutePath().toString()), List.of()));
        cmd.addAll(List.of("-o", exe.toString(), src.toString()));
        runtimeSources.forEach(s -> cmd.add(NATIVE.resolve("src").resolve(s).toAbsolutePath().toString()));
        cmd.addAll(Arrays.asList(libs));
        exec(dir, cmd);
        return exec(dir, List.of(exe.toString()));
    }

    /** The space-separated fields of the last line of a program's output. */
    public static String[] lastLine(String out) {
        String s = out.strip();
        return s.substring(s.lastIndexOf('\n') + 1).split(" ");
    }

    private static String exec(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd) + " timed out");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }
}
