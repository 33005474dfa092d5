package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.cgen.CProject;
import dev.tinyforge.cgen.CSource;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.cgen.KernelLibrary;
import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.OpRegistry;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.plan.MemoryRule;
import dev.tinyforge.quant.Calibrator;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.target.Target;
import dev.tinyforge.target.Toolchain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scratch the planner reserves is the scratch the kernel asks for: for random configurations of
 * every op with a memory rule, each layer's {@code scratchBytes} (the Java mirror,
 * {@link MemoryRule#scratchBytes}) equals what its kernel's {@code _get_buffer_size} returns when the C
 * is compiled and run ({@link KernelCall#scratchQuery}).
 */
class ScratchSizeTest {
    private static final int CONFIGS = 200;

    @Test
    void plannedScratchEqualsTheKernelsOwnFigure(@TempDir Path dir) throws Exception {
        List<KernelCall> asked = new ArrayList<>();
        for (OpType kind : OpRegistry.with(MemoryRule.class)) {
            if (!OpSamples.randomKinds().contains(kind)) {
                continue;
            }
            SplittableRandom rnd = new SplittableRandom(kind.name().hashCode());
            for (int i = 0; i < CONFIGS; i++) {
                Graph g = OpSamples.random(kind, rnd, i);
                Calibrator cal = new Calibrator();
                FloatExecutor exec = new FloatExecutor(g);
                for (float[] x : OpSamples.inputs(g, 1, i)) {
                    cal.observe(exec.runAll(List.of(x)));
                }
                Graph q = QuantizePass.quantize(g, cal.ranges(), QuantizeOptions.defaults()
                        .withFloatIo(OpSamples.floatIo(kind)));
                CSource c = CEmitter.emit(q, "tfg_scratch", "");
                for (KernelCall call : c.calls()) {
                    if (call.scratchBytes() > 0) {
                        assertNotNull(call.scratchQuery(), q.ops().get(call.op()).kind() + " plans "
                                + call.scratchBytes() + " bytes of scratch but names no _get_buffer_size call");
                        asked.add(call);
                    }
                }
            }
        }
        assertTrue(asked.size() > 20, "layers with scratch: " + asked.size());
        StringBuilder main = new StringBuilder("#include <stdio.h>\n#include \"tfg_kernels.h\"\nint main(void)\n{\n");
        for (KernelCall call : asked) {
            main.append("    printf(\"%ld\\n\", (long)").append(call.scratchQuery()).append(");\n");
        }
        main.append("    return 0;\n}\n");
        Map<String, String> files = new LinkedHashMap<>(KernelLibrary.files(KernelLibrary.headers()));
        for (KernelCall call : asked) {
            files.putAll(KernelLibrary.files(call.sources()));
        }
        files.put("main.c", main.toString());
        CProject.write(dir, files);
        Toolchain host = Toolchain.of(Target.host());
        List<String> cmd = new ArrayList<>(host.compileCommand(List.of(dir.resolve("include").toString()), List.of()));
        files.keySet().stream().filter(f -> f.endsWith(".c")).forEach(f -> cmd.add(dir.resolve(f).toString()));
        cmd.addAll(List.of("-o", dir.resolve("scratch").toString()));
        run(cmd, dir);
        String[] printed = run(List.of(dir.resolve("scratch").toString()), dir).strip().split("\n");
        assertEquals(asked.size(), printed.length);
        for (int i = 0; i < printed.length; i++) {
            assertEquals(asked.get(i).scratchBytes(), Long.parseLong(printed[i].strip()), asked.get(i).scratchQuery());
        }
        System.out.printf("scratch: %d layers, Java mirror == C _get_buffer_size%n", asked.size());
    }

    private static String run(List<String> cmd, Path dir) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }
}
