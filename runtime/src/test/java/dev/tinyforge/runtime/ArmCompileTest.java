package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.cgen.CProject;
import dev.tinyforge.cgen.CSource;
import dev.tinyforge.cgen.KernelLibrary;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.pipeline.ExportPipeline;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.target.Target;
import dev.tinyforge.target.Toolchain;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Generated C and the whole kernel library compile warning-free for every Cortex-M core the boards use,
 * with the flags {@link Toolchain} gives the firmware (compile only: the firmware tests run it under
 * QEMU): an int8 zoo model, a 16x8 one (int16 activations: the casts, the aligned arena, the int64 and
 * double tables) and every kernel. Needs gcc-arm-none-eabi, which scripts/install-deps installs.
 */
class ArmCompileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"cortex-m4, armv7e-m, fpv4-sp-d16", "cortex-m0plus, armv6-m, none", "cortex-m7, armv7e-m, fpv5-d16",
        "cortex-m55, armv8.1-m.main, auto"})
    void zooModelAndEveryKernelCompileWithWerror(String cpu, String arch, String fpu) throws Exception {
        Graph g = ExportPipeline.run(new ExportPipeline.Request(Zoo.get("mcunet-vww1"), new ZooConfig(0.5, 64, 2, 3, 1),
                false, 2, QuantizeOptions.defaults()), Progress.NONE).exported();
        Graph g16 = ExportPipeline.run(new ExportPipeline.Request(Zoo.get("mbv2-se"), new ZooConfig(0.35, 32, 4, 3, 1),
                false, 2, QuantizeOptions.defaults().withMode(QuantizeOptions.Mode.INT16X8)), Progress.NONE).exported();
        Target target = Target.cortexM(cpu, arch, fpu);
        CSource c = CEmitter.emit(ModelPlan.of(g, target), "tfg_vww", "test");
        CSource c16 = CEmitter.emit(ModelPlan.of(g16, target), "tfg_se16", "test");
        Map<String, String> files = new LinkedHashMap<>(CProject.files(List.of(c, c16)));
        files.putAll(KernelLibrary.files(KernelLibrary.allSources()));
        CProject.write(dir, files);
        List<Path> sources = new ArrayList<>();
        try (var list = Files.walk(dir)) {
            list.filter(p -> p.toString().endsWith(".c")).sorted().forEach(sources::add);
        }
        assertEquals(KernelLibrary.allSources().size() + 2, sources.size(), sources.toString());
        Toolchain tc = Toolchain.of(target);
        for (Path src : sources) {
            List<String> cmd = new ArrayList<>(tc.compileCommand(List.of(dir.resolve("include").toString()), List.of()));
            cmd.addAll(List.of("-c", src.toString(), "-o", dir.resolve(src.getFileName() + ".o").toString()));
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
