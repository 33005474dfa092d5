package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.cgen.CProject;
import dev.tinyforge.cgen.CSource;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generated C and the kernels compile warning-free for Cortex-M with arm-none-eabi-gcc (compile only;
 * running on QEMU is the boards issue). Needs gcc-arm-none-eabi, which scripts/install-deps installs.
 */
class ArmCompileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"cortex-m4", "cortex-m0plus", "cortex-m7"})
    void zooModelCompilesWithWerror(String cpu) throws Exception {
        Graph g = ExportPipeline.run(new ExportPipeline.Request(Zoo.get("mcunet-vww1"), new ZooConfig(0.5, 64, 2, 3, 1),
                false, 2, QuantizeOptions.defaults()), Progress.NONE).exported();
        CSource c = CEmitter.emit(g, "tfg_vww", "test");
        CProject.write(dir, CProject.files(List.of(c)));
        List<Path> sources = new ArrayList<>();
        try (var files = Files.walk(dir)) {
            files.filter(p -> p.toString().endsWith(".c")).sorted().forEach(sources::add);
        }
        assertTrue(sources.size() > 10, sources.toString());
        for (Path src : sources) {
            List<String> cmd = new ArrayList<>(List.of("arm-none-eabi-gcc", "-mcpu=" + cpu, "-mthumb", "-std=c99",
                    "-Wall", "-Wextra", "-Werror", "-ffreestanding", "-O2", "-I" + dir.resolve("include"), "-c",
                    src.toString(), "-o", dir.resolve(src.getFileName() + ".o").toString()));
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new AssertionError("arm-none-eabi-gcc is not installed: run scripts/install-deps "
                        + "(Debian package gcc-arm-none-eabi)", e);
            }
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), src.getFileName() + " for " + cpu + ":\n" + log);
        }
    }
}
