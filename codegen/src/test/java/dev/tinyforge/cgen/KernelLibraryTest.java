package dev.tinyforge.cgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.target.Target;
import dev.tinyforge.target.Toolchain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel library's header is a true manifest: every header and source of the native module is
 * part of the library (each source defines something {@code tfg_kernels.h} declares), and each
 * source's {@code @needs} are exactly the {@code tfg_} symbols its object leaves undefined (compiled with
 * the host toolchain, read with {@code nm}), so a firmware that links a kernel's closure always links.
 */
class KernelLibraryTest {
    private static final Path C = Path.of("../native/src/main/c");

    @Test
    void theHeaderDeclaresEveryFileOfTheLibrary() throws Exception {
        Set<String> onDisk;
        try (Stream<Path> files = Files.walk(C)) {
            onDisk = files.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".h"))
                    .map(p -> C.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> listed = new TreeSet<>(KernelLibrary.headers());
        listed.addAll(KernelLibrary.allSources());
        assertEquals(onDisk, listed);
    }

    @Test
    void everySourcesNeedsAreWhatItsObjectLeavesUndefined(@TempDir Path dir) throws Exception {
        Toolchain host = Toolchain.of(Target.host());
        List<String> wrong = new ArrayList<>();
        for (String source : KernelLibrary.allSources()) {
            Path obj = dir.resolve(Path.of(source).getFileName() + ".o");
            List<String> cmd = new ArrayList<>(host.compileCommand(List.of(C.resolve("include").toString()), List.of()));
            cmd.addAll(List.of("-c", C.resolve(source).toString(), "-o", obj.toString()));
            run(cmd);
            Set<String> undefined = new TreeSet<>();
            for (String line : run(List.of("nm", "-u", obj.toString())).split("\n")) {
                String symbol = line.strip().replaceAll("^U\\s+", "");
                if (symbol.startsWith("tfg_")) {
                    undefined.add(symbol);
                }
            }
            if (!undefined.equals(new TreeSet<>(KernelLibrary.needs(source)))) {
                wrong.add(source + ": tfg_kernels.h says it needs " + KernelLibrary.needs(source) + ", the object needs " + undefined);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void closureFollowsNeeds() {
        assertEquals(List.of("src/tfg_depthwise_conv2d_s8.c", "src/tfg_multiply_by_quantized_multiplier.c"),
                KernelLibrary.sources(List.of("tfg_depthwise_conv2d_s8")));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> KernelLibrary.sources(List.of("tfg_no_such_kernel")));
        assertTrue(e.getMessage().contains("src/tfg_no_such_kernel.c"), e.getMessage());
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }
}
