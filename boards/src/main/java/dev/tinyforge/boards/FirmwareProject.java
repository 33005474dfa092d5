package dev.tinyforge.boards;

import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.cgen.CProject;
import dev.tinyforge.cgen.CSource;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sources of a firmware for one model on one board: the generated model C and the kernels
 * ({@link CProject}), the harness with the input embedded as a {@code const} array, the port for the
 * board's kind (bare-metal Cortex-M startup and semihosting, or aarch64 Linux), the linker scripts
 * (the board's memory map and its QEMU stand-in's) and a Makefile for building by hand.
 *
 * @param cSource the generated model, for its arena size and prefix
 * @param files relative path → contents, in a fixed order
 */
public record FirmwareProject(BoardSpec board, CSource cSource, Map<String, String> files) {
    /** Linker script with the board's real addresses. */
    public static final String LINKER_SCRIPT = "link.ld";
    /** Linker script with the QEMU stand-in's addresses and the board's sizes. */
    public static final String QEMU_LINKER_SCRIPT = "link-qemu.ld";

    /** The file holding the embedded input. */
    public static final String INPUT_SOURCE = "tfg_harness_input.c";

    private static final Pattern CALL = Pattern.compile("\\b(tfg_[a-z0-9_]+)\\s*\\(");
    private static final String RESOURCES = "/dev/tinyforge/boards/firmware/";

    public FirmwareProject {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /**
     * @param input the raw bytes of the model's input (int8, or float32 little-endian for float models)
     * @param runs how many times the harness runs the model (the first run's output is printed, all timed)
     */
    public static FirmwareProject of(Graph g, BoardSpec board, byte[] input, int runs, String provenance) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        String prefix = CEmitter.prefixFor(g.name());
        CSource model = CEmitter.emit(g, prefix, provenance + "\nboard: " + board.id());
        Tensor in = g.input(0);
        Tensor out = g.output(0);
        if (input.length != in.sizeBytes()) {
            throw new IllegalArgumentException("the input has " + input.length + " bytes, model input '" + in.name()
                    + "' " + java.util.Arrays.toString(in.shape()) + " " + in.dtype() + " needs " + in.sizeBytes());
        }
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, String> all = CProject.files(List.of(model));
        java.util.Set<String> called = kernelsCalled(model.source(), all);
        all.forEach((path, text) -> {
            if (!path.startsWith("src/") || called.contains(path)) {
                files.put(path, text);
            }
        });
        files.put("tfg_harness_config.h", config(g, board, prefix, runs));
        files.put(INPUT_SOURCE, inputSource(in, input));
        files.put("tfg_port.h", resource("tfg_port.h"));
        files.put("tfg_harness.c", resource("tfg_harness.c"));
        if (board.isLinux()) {
            files.put("tfg_port_linux.c", resource("tfg_port_linux.c"));
        } else {
            files.put("tfg_port_cortexm.c", resource("tfg_port_cortexm.c"));
            files.put("tfg_startup_cortexm.c", resource("tfg_startup_cortexm.c"));
            files.put(LINKER_SCRIPT, LinkerScript.text(board, LinkerScript.MemoryMap.of(board)));
            files.put(QEMU_LINKER_SCRIPT, LinkerScript.text(board, QemuMachine.of(board).memoryMap(board)));
        }
        files.put("Makefile", makefile(board, files.keySet()));
        if (out.dtype() != DType.INT8 && out.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("model output '" + out.name() + "' is " + out.dtype());
        }
        return new FirmwareProject(board, model, files);
    }

    /** The C files to compile, in a fixed order. */
    public List<String> cFiles() {
        List<String> c = new ArrayList<>();
        for (String f : files.keySet()) {
            if (f.endsWith(".c")) {
                c.add(f);
            }
        }
        return c;
    }

    /** Kernel sources ({@code src/...}) reached from the model's calls, following calls between kernels. */
    static java.util.Set<String> kernelsCalled(String modelSource, Map<String, String> files) {
        java.util.Set<String> used = new java.util.TreeSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(modelSource));
        while (!todo.isEmpty()) {
            Matcher m = CALL.matcher(todo.pop());
            while (m.find()) {
                String file = "src/" + m.group(1) + ".c";
                if (files.containsKey(file) && used.add(file)) {
                    todo.push(files.get(file));
                }
            }
        }
        return used;
    }

    private static String config(Graph g, BoardSpec board, String prefix, int runs) {
        Tensor in = g.input(0);
        Tensor out = g.output(0);
        String inType = in.dtype() == DType.FLOAT32 ? "float" : "int8_t";
        String outType = out.dtype() == DType.FLOAT32 ? "float" : "int8_t";
        return "/* Generated by TinyForge: what the harness runs. */\n"
                + "#ifndef TFG_HARNESS_CONFIG_H\n#define TFG_HARNESS_CONFIG_H\n\n"
                + "#include \"" + prefix + ".h\"\n\n"
                + "#define TFG_HARNESS_MODEL \"" + cString(g.name()) + "\"\n"
                + "#define TFG_HARNESS_BOARD \"" + cString(board.id()) + "\"\n"
                + "#define TFG_HARNESS_RUNS " + runs + "\n"
                + "#define TFG_HARNESS_INVOKE " + prefix + "_invoke\n"
                + "#define TFG_HARNESS_OUTPUT_TYPE " + outType + "\n"
                + "#define TFG_HARNESS_OUTPUT_COUNT " + out.elementsInt() + "\n\n"
                + "/** The model's input, embedded in flash (tfg_harness_input.c). */\n"
                + "extern const " + inType + " tfg_harness_input[" + in.elementsInt() + "];\n\n#endif\n";
    }

    private static String inputSource(Tensor in, byte[] input) {
        StringBuilder c = new StringBuilder("/* Generated by TinyForge: the input the harness runs the model on. */\n"
                + "#include \"tfg_harness_config.h\"\n\n");
        boolean isFloat = in.dtype() == DType.FLOAT32;
        c.append("const ").append(isFloat ? "float" : "int8_t").append(" tfg_harness_input[")
                .append(in.elementsInt()).append("] = {");
        ByteBuffer bb = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < in.elementsInt(); i++) {
            c.append(i % 16 == 0 ? "\n    " : " ");
            if (isFloat) {
                float f = bb.getFloat(4 * i);
                if (!Float.isFinite(f)) {
                    throw new IllegalArgumentException("input element " + i + " is " + f
                            + "; the firmware input must be finite");
                }
                c.append(f == 0 ? "0.0f" : Float.toHexString(f) + "f");
            } else {
                c.append(input[i]);
            }
            c.append(',');
        }
        return c.append("\n};\n").toString();
    }

    private static String makefile(BoardSpec board, java.util.Set<String> names) {
        Toolchain tc = Toolchain.of(board);
        List<String> sources = names.stream().filter(n -> n.endsWith(".c")).toList();
        StringBuilder m = new StringBuilder("# Generated by TinyForge for " + board.id() + ". `make` builds firmware.elf"
                + (board.isLinux() ? "" : " (board addresses) and firmware-qemu.elf (QEMU " + board.qemuMachine()
                        + " addresses)") + ".\n");
        m.append("CC = ").append(tc.compiler()).append('\n');
        m.append("CFLAGS = ").append(String.join(" ", tc.cpuFlags())).append(' ')
                .append(String.join(" ", Toolchain.COMMON_FLAGS)).append(" -I. -Iinclude\n");
        m.append("LDFLAGS = ").append(String.join(" ", tc.linkFlags())).append('\n');
        m.append("SRCS = ").append(String.join(" \\\n       ", sources)).append('\n');
        m.append("OBJS = $(SRCS:%.c=obj/%.o)\n\n");
        if (board.isLinux()) {
            m.append("all: firmware.elf\n\nfirmware.elf: $(OBJS)\n\t$(CC) $(CFLAGS) $(LDFLAGS) $(OBJS) -o $@\n\n");
        } else {
            m.append("all: firmware.elf firmware-qemu.elf\n\n");
            m.append("firmware.elf: $(OBJS) link.ld\n\t$(CC) $(CFLAGS) $(LDFLAGS) -T link.ld $(OBJS) -o $@\n\n");
            m.append("firmware-qemu.elf: $(OBJS) link-qemu.ld\n\t$(CC) $(CFLAGS) $(LDFLAGS) -T link-qemu.ld $(OBJS)"
                    + " -o $@\n\n");
        }
        m.append("obj/%.o: %.c\n\t@mkdir -p $(dir $@)\n\t$(CC) $(CFLAGS) -c $< -o $@\n\n");
        m.append("clean:\n\trm -rf obj firmware.elf firmware-qemu.elf\n\n.PHONY: all clean\n");
        return m.toString();
    }

    private static String cString(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String resource(String name) {
        try (InputStream in = FirmwareProject.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("firmware source " + name + " is missing from the build (boards module)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
