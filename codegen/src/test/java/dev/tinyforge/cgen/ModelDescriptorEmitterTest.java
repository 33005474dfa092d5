package dev.tinyforge.cgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ops.Add;
import dev.tinyforge.ops.BroadcastOp;
import dev.tinyforge.ops.Dequantize;
import dev.tinyforge.target.Target;
import dev.tinyforge.target.Toolchain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tfg_model} descriptor: written for any number of inputs and outputs (one argument of the
 * typed entry point per input, then per output), names escaped, C99 that compiles with -Werror.
 */
class ModelDescriptorEmitterTest {
    @TempDir
    Path dir;

    /** Two int8 inputs, an int8 output and a float one: more than the C backend takes today. */
    static Graph twoByTwo() {
        GraphBuilder b = new GraphBuilder("two \"by\" two?");
        b.input("a", new int[] {1, 4}, DType.INT8, Quant.perTensor(0.5f, -3));
        b.input("b/\u00e9", new int[] {1, 4}, DType.INT8, Quant.perTensor(0.25f, 2));
        b.add(Add.OP, new BroadcastOp.Params(Activation.NONE), List.of("a", "b/\u00e9"), "sum");
        b.tensor(b.tensor("sum").withQuant(DType.INT8, Quant.perTensor(1f, 0)));
        b.add(Dequantize.OP, new OpParams.None(), List.of("sum"), "real");
        return b.outputs(List.of("sum", "real")).build();
    }

    @Test
    void callsTheTypedEntryPointWithOneArgumentPerInputThenPerOutput() {
        ModelDescriptorEmitter.Text t = ModelDescriptorEmitter.emit(twoByTwo(), "tfg_m", 48);
        assertEquals("#include \"tfg_model.h\"\n\n/** The model's descriptor: tensor infos, arena size and an untyped "
                + "invoke (see tfg_model.h). */\nextern const tfg_model tfg_m_model;\n\n", t.header());
        assertTrue(t.source().contains("    return tfg_m_invoke((const int8_t *)inputs[0], (const int8_t *)inputs[1], "
                + "(int8_t *)outputs[0], (float *)outputs[1]);\n"), t.source());
        assertTrue(t.source().contains(".name = \"two \\042by\\042 two\\077\",\n"), t.source());
        assertTrue(t.source().contains(".name = \"b/\\303\\251\",\n"), t.source());
        assertTrue(t.source().contains("static const int32_t tfg_m_model_inputs_1_dims[2] = {1, 4};\n"), t.source());
        assertTrue(t.source().contains("        .dtype = TFG_DTYPE_FLOAT32,\n        .rank = 2,\n        "
                + ".dims = tfg_m_model_outputs_1_dims,\n        .bytes = 16u,\n        .scale = 0.0f,\n"), t.source());
        assertTrue(t.source().contains(".scale = 0x1.0p-2f,\n        .zero_point = 2,\n"), t.source());
        assertTrue(t.source().contains(".arena_bytes = 48u,\n    .num_inputs = 2u,\n    .num_outputs = 2u,\n"), t.source());
        assertEquals(t, ModelDescriptorEmitter.emit(twoByTwo(), "tfg_m", 48), "deterministic");
    }

    @Test
    void compilesAsC99WithWerror() throws Exception {
        ModelDescriptorEmitter.Text t = ModelDescriptorEmitter.emit(twoByTwo(), "tfg_m", 48);
        Map<String, String> kernels = KernelLibrary.files(KernelLibrary.headers());
        CProject.write(dir, Map.of("include/tfg_model.h", kernels.get("include/tfg_model.h"),
                "m.c", "#include <stdint.h>\n" + t.header() + "int tfg_m_invoke(const int8_t *a, const int8_t *b, "
                        + "int8_t *s, float *r);\nint tfg_m_invoke(const int8_t *a, const int8_t *b, int8_t *s, float *r)\n"
                        + "{\n    s[0] = (int8_t)(a[0] + b[0]);\n    r[0] = 0.0f;\n    return 0;\n}\n" + t.source()));
        java.util.List<String> cmd = new java.util.ArrayList<>(Toolchain.of(Target.host())
                .compileCommand(java.util.List.of(dir.resolve("include").toString()), java.util.List.of()));
        cmd.addAll(java.util.List.of("-pedantic", "-c", dir.resolve("m.c").toString(), "-o", dir.resolve("m.o").toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), log);
        assertTrue(Files.size(dir.resolve("m.o")) > 0);
    }
}
