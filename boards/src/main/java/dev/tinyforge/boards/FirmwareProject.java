package dev.tinyforge.boards;

import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.cgen.CProject;
import dev.tinyforge.cgen.CSource;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.plan.PatchPlan;
import dev.tinyforge.target.Toolchain;
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

/**
 * The sources of a firmware for one model on one board: the generated model C and the kernels its
 * layers call, helpers included ({@link CProject}, from the layers' {@code KernelCall}s), the harness with the input embedded as a {@code const} array, the port for the
 * board's kind (bare-metal Cortex-M startup, timer and a console; or aarch64 Linux), the linker
 * scripts (the board's memory map and its QEMU stand-in's) and a Makefile for building by hand.
 *
 * <p>Files under {@code board/} go into {@code firmware.elf} only and files under {@code qemu/} into
 * {@code firmware-qemu.elf} only: with a UART console the two images drive different UARTs (the
 * board's, and the stand-in's CMSDK UART that QEMU's {@code -serial} carries).
 *
 * @param cSource the generated model, for its arena size and prefix
 * @param files relative path → contents, in a fixed order
 * @param firmwareId what the harness prints as {@code tfg firmware}: a digest of every source, so
 *     the host can tell whether a board runs the firmware it expects
 */
public record FirmwareProject(BoardSpec board, CSource cSource, Map<String, String> files, String firmwareId) {
    /** Linker script with the board's real addresses. */
    public static final String LINKER_SCRIPT = "link.ld";
    /** Linker script with the QEMU stand-in's addresses and the board's sizes. */
    public static final String QEMU_LINKER_SCRIPT = "link-qemu.ld";

    /** The file holding the embedded input. */
    public static final String INPUT_SOURCE = "tfg_harness_input.c";
    /** Folder of the sources only {@code firmware.elf} links. */
    public static final String BOARD_ONLY = "board/";
    /** Folder of the sources only {@code firmware-qemu.elf} links. */
    public static final String QEMU_ONLY = "qemu/";
    private static final String CONFIG = "tfg_harness_config.h";

    /** Where the harness writes its report on a bare-metal board. */
    public enum Console {
        /** Semihosting: QEMU's {@code -semihosting}, or a debugger; runs once and exits. */
        SEMIHOSTING,
        /** The board's UART (its descriptor's {@code console}); reports each time the host sends 'r'. */
        UART;

        /** UART when the board describes one, else semihosting. */
        public static Console defaultFor(BoardSpec board) {
            return board.console() != null && !board.isLinux() ? UART : SEMIHOSTING;
        }
    }

    /**
     * How to build the firmware.
     *
     * @param runs how many times the harness runs the model (the first run's output is printed, all timed)
     * @param provenance for the generated model's header
     * @param profileLayers whether the harness times every op and reports {@code tfg layer} lines (the
     *     model C then calls the harness after each op, and the harness keeps a counter per op in RAM, so
     *     code size, RAM and the total shift a little: measure totals without it)
     */
    public record Options(int runs, String provenance, Console console, boolean profileLayers) {
        public Options {
            if (runs < 1) {
                throw new IllegalArgumentException("runs must be at least 1, got " + runs);
            }
        }

        /** Without layer profiling. */
        public Options(int runs, String provenance, Console console) {
            this(runs, provenance, console, false);
        }
    }

    private static final String RESOURCES = "/dev/tinyforge/boards/firmware/";

    public FirmwareProject {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /** Unpatched, with the semihosting console (what {@code bench --emulate} runs). */
    public static FirmwareProject of(Graph g, BoardSpec board, byte[] input, int runs, String provenance) {
        return of(ModelPlan.of(g, board.target()), board, List.of(input),
                new Options(runs, provenance, Console.SEMIHOSTING));
    }

    /** Planned layer by layer for the board's target. */
    public static FirmwareProject of(Graph g, BoardSpec board, byte[] input, Options options) {
        return of(ModelPlan.of(g, board.target()), board, List.of(input), options);
    }

    /**
     * @param plan the model planned for the board's target (once per build: the fit check reads the same plan)
     * @param inputs the raw bytes of every model input, in order (int8, or float32 little-endian for float)
     */
    public static FirmwareProject of(ModelPlan plan, BoardSpec board, List<byte[]> inputs, Options options) {
        Graph g = plan.graph();
        if (!plan.target().equals(board.target())) {
            throw new IllegalArgumentException("the plan of " + g.name() + " was made for " + plan.target()
                    + ", not for " + board.id() + " (" + board.target() + ")");
        }
        String prefix = CEmitter.prefixFor(g.name());
        PatchPlan patches = plan.patches();
        CSource model = CEmitter.emit(plan, prefix, options.provenance() + "\nboard: " + board.id()
                + (patches == null ? "" : "\npatches: " + patches.describe()), options.profileLayers());
        if (inputs.size() != g.inputs().size()) {
            throw new IllegalArgumentException(inputs.size() + " inputs given, model " + g.name() + " takes "
                    + g.inputs().size());
        }
        for (int i = 0; i < inputs.size(); i++) {
            Tensor in = g.input(i);
            if (inputs.get(i).length != in.sizeBytes()) {
                throw new IllegalArgumentException("input " + i + " has " + inputs.get(i).length + " bytes, model input '"
                        + in.name() + "' " + java.util.Arrays.toString(in.shape()) + " " + in.dtype() + " needs "
                        + in.sizeBytes());
            }
        }
        Map<String, String> files = new LinkedHashMap<>(CProject.files(List.of(model)));
        int layers = options.profileLayers() ? g.ops().size() : 0;
        files.put(CONFIG, config(g, board, prefix, options.runs(), layers, "")); // the digest of everything goes in last
        files.put(INPUT_SOURCE, inputSource(g, inputs));
        files.put("tfg_port.h", resource("tfg_port.h"));
        files.put("tfg_harness.c", resource("tfg_harness.c"));
        if (board.isLinux()) {
            files.put("tfg_port_linux.c", resource("tfg_port_linux.c"));
        } else {
            files.put("tfg_port_cortexm.c", resource("tfg_port_cortexm.c"));
            files.put("tfg_startup_cortexm.c", resource("tfg_startup_cortexm.c"));
            if (options.console() == Console.UART) {
                addUartConsole(files, board);
            } else {
                files.put("tfg_console_semihosting.c", resource("tfg_console_semihosting.c"));
            }
            files.put(LINKER_SCRIPT, LinkerScript.text(board, LinkerScript.MemoryMap.of(board)));
            files.put(QEMU_LINKER_SCRIPT, LinkerScript.text(board, QemuMachine.of(board).memoryMap(board)));
        }
        files.put("Makefile", makefile(board, files.keySet()));
        String id = digest(files);
        files.put(CONFIG, config(g, board, prefix, options.runs(), layers, id));
        return new FirmwareProject(board, model, files, id);
    }

    private static void addUartConsole(Map<String, String> files, BoardSpec board) {
        UartConsole own = board.console();
        if (own == null) {
            throw new IllegalArgumentException("board " + board.id() + " has no \"console\" in its descriptor, so its "
                    + "firmware cannot report over a serial port; describe the UART (kind, base, clock_hz, setup) in the "
                    + "board's JSON, or use the semihosting console with a debugger attached");
        }
        QemuMachine standIn = QemuMachine.of(board);
        files.put("tfg_uart.h", resource("tfg_uart.h"));
        files.put("tfg_console_uart.c", resource("tfg_console_uart.c"));
        files.put(BOARD_ONLY + "tfg_console.c", consoleSource(own, board.id() + "'s console (" + own.describe() + ")"));
        files.put(BOARD_ONLY + own.family().driver(), resource(own.family().driver()));
        UartConsole qemu = standIn.console();
        files.put(QEMU_ONLY + "tfg_console.c", consoleSource(qemu, "QEMU " + standIn.name() + "'s UART0, which "
                + "-serial carries (" + qemu.describe() + ")"));
        files.put(QEMU_ONLY + qemu.family().driver(), resource(qemu.family().driver()));
    }

    /** The generated {@code tfg_console}: the UART, its divisor and the setup writes, one commented line each. */
    static String consoleSource(UartConsole console, String what) {
        StringBuilder c = new StringBuilder("/* Generated by TinyForge: the serial console of this image, " + what
                + ". */\n#include \"tfg_uart.h\"\n\n");
        String setup = "0";
        if (!console.setup().isEmpty()) {
            c.append("static const tfg_reg_write tfg_console_setup[").append(console.setup().size()).append("] = {\n");
            for (UartConsole.RegisterWrite w : console.setup()) {
                c.append(String.format(java.util.Locale.ROOT, "    { 0x%08Xu, 0x%08Xu, 0x%08Xu },%s%n", w.address(),
                        w.clear(), w.set(), w.what().isEmpty() ? "" : " /* " + w.what().replace("*/", "* /") + " */"));
            }
            c.append("};\n\n");
            setup = "tfg_console_setup";
        }
        c.append(String.format(java.util.Locale.ROOT, "const tfg_uart tfg_console = { 0x%08Xu, %du, %s, %du };%n",
                console.base(), console.divisor(), setup, console.setup().size()));
        return c.toString();
    }

    /** First 16 hex digits of the SHA-256 of every file's path and contents, in order (the config without its id). */
    private static String digest(Map<String, String> files) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            files.forEach((path, text) -> {
                sha.update(path.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(text.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The C files both images link, in a fixed order. */
    public List<String> commonCFiles() {
        return cFiles().stream().filter(f -> !f.startsWith(BOARD_ONLY) && !f.startsWith(QEMU_ONLY)).toList();
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

    /** @param layers the op count when the harness profiles op by op, else 0 */
    private static String config(Graph g, BoardSpec board, String prefix, int runs, int layers, String firmwareId) {
        StringBuilder invoke = new StringBuilder();
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < g.inputs().size(); i++) {
            Tensor in = g.input(i);
            invoke.append(i > 0 ? ", " : "").append("tfg_harness_input_").append(i);
            inputs.append("extern const ").append(cType(in)).append(" tfg_harness_input_").append(i).append('[')
                    .append(in.elementsInt()).append("];\n");
        }
        long offset = 0;
        StringBuilder outputs = new StringBuilder();
        for (int o = 0; o < g.outputs().size(); o++) {
            Tensor out = g.output(o);
            invoke.append(", (").append(cType(out)).append(" *)((out) + ").append(offset).append(')');
            outputs.append(o > 0 ? ", " : "").append(offset).append('u');
            offset += (out.sizeBytes() + 3) / 4 * 4; // each output 4-byte aligned for float
        }
        StringBuilder sizes = new StringBuilder();
        for (int o = 0; o < g.outputs().size(); o++) {
            sizes.append(o > 0 ? ", " : "").append(g.output(o).sizeBytes()).append('u');
        }
        return "/* Generated by TinyForge: what the harness runs. */\n"
                + "#ifndef TFG_HARNESS_CONFIG_H\n#define TFG_HARNESS_CONFIG_H\n\n"
                + "#include \"" + prefix + ".h\"\n\n"
                + "#define TFG_HARNESS_MODEL \"" + cString(g.name()) + "\"\n"
                + "#define TFG_HARNESS_BOARD \"" + cString(board.id()) + "\"\n"
                + "#define TFG_HARNESS_FIRMWARE_ID \"" + firmwareId + "\"\n"
                + "#define TFG_HARNESS_RUNS " + runs + "\n"
                + "/** Every output, one after the other, each at a multiple of 4 bytes. */\n"
                + "#define TFG_HARNESS_OUTPUT_BYTES " + offset + "u\n"
                + "#define TFG_HARNESS_OUTPUTS " + g.outputs().size() + "\n"
                + "#define TFG_HARNESS_OUTPUT_OFFSETS { " + outputs + " }\n"
                + "#define TFG_HARNESS_OUTPUT_SIZES { " + sizes + " }\n"
                + "/** One run of the model on the embedded inputs, its outputs into the byte buffer {@code out}. */\n"
                + "#define TFG_HARNESS_INVOKE(out) " + prefix + "_invoke(" + invoke + ")\n\n"
                + (layers > 0 ? "/** Time every op (tfg_profile_layer) and report one \"tfg layer\" line each. */\n"
                        + "#define TFG_HARNESS_LAYERS " + layers + "\n\n" : "")
                + "/* The model's inputs, embedded in flash (tfg_harness_input.c). */\n"
                + inputs + "\n#endif\n";
    }

    private static String cType(Tensor t) {
        return switch (t.dtype()) {
            case FLOAT32 -> "float";
            case INT16 -> "int16_t";
            default -> "int8_t";
        };
    }

    private static String inputSource(Graph g, List<byte[]> inputs) {
        StringBuilder c = new StringBuilder("/* Generated by TinyForge: the inputs the harness runs the model on. */\n"
                + "#include \"tfg_harness_config.h\"\n");
        for (int k = 0; k < inputs.size(); k++) {
            Tensor in = g.input(k);
            byte[] input = inputs.get(k);
            boolean isFloat = in.dtype() == DType.FLOAT32;
            c.append("\nconst ").append(cType(in)).append(" tfg_harness_input_").append(k).append('[')
                    .append(in.elementsInt()).append("] = {");
            ByteBuffer bb = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < in.elementsInt(); i++) {
                c.append(i % 16 == 0 ? "\n    " : " ");
                if (isFloat) {
                    float f = bb.getFloat(4 * i);
                    if (!Float.isFinite(f)) {
                        throw new IllegalArgumentException("input " + k + " element " + i + " is " + f
                                + "; the firmware input must be finite");
                    }
                    c.append(f == 0 ? "0.0f" : Float.toHexString(f) + "f");
                } else if (in.dtype() == DType.INT16) {
                    c.append(bb.getShort(2 * i));
                } else {
                    c.append(input[i]);
                }
                c.append(',');
            }
            c.append("\n};\n");
        }
        return c.toString();
    }

    private static String makefile(BoardSpec board, java.util.Set<String> names) {
        Toolchain tc = Toolchain.of(board.target());
        List<String> sources = names.stream().filter(n -> n.endsWith(".c") && !n.startsWith(BOARD_ONLY)
                && !n.startsWith(QEMU_ONLY)).toList();
        List<String> boardOnly = names.stream().filter(n -> n.endsWith(".c") && n.startsWith(BOARD_ONLY)).toList();
        List<String> qemuOnly = names.stream().filter(n -> n.endsWith(".c") && n.startsWith(QEMU_ONLY)).toList();
        StringBuilder m = new StringBuilder("# Generated by TinyForge for " + board.id() + ". `make` builds firmware.elf"
                + (board.isLinux() ? "" : " (board addresses) and firmware-qemu.elf (QEMU " + board.qemuMachine()
                        + " addresses)") + ".\n");
        m.append("CC = ").append(tc.compiler()).append('\n');
        m.append("CFLAGS = ").append(String.join(" ", tc.compileFlags())).append(" -I. -Iinclude\n");
        List<String> ldFlags = new java.util.ArrayList<>(tc.linkFlags());
        ldFlags.addAll(LinkerScript.linkFlags(board));
        m.append("LDFLAGS = ").append(String.join(" ", ldFlags)).append('\n');
        m.append("SRCS = ").append(String.join(" \\\n       ", sources)).append('\n');
        m.append("OBJS = $(SRCS:%.c=obj/%.o)\n");
        m.append("BOARD_OBJS = ").append(String.join(" ", boardOnly.stream().map(f -> "obj/" + f.replace(".c", ".o"))
                .toList())).append('\n');
        m.append("QEMU_OBJS = ").append(String.join(" ", qemuOnly.stream().map(f -> "obj/" + f.replace(".c", ".o"))
                .toList())).append("\n\n");
        if (board.isLinux()) {
            m.append("all: firmware.elf\n\nfirmware.elf: $(OBJS)\n\t$(CC) $(CFLAGS) $(LDFLAGS) $(OBJS) -o $@\n\n");
        } else {
            m.append("all: firmware.elf firmware-qemu.elf\n\n");
            m.append("firmware.elf: $(OBJS) $(BOARD_OBJS) link.ld\n\t$(CC) $(CFLAGS) $(LDFLAGS) -T link.ld $(OBJS)"
                    + " $(BOARD_OBJS) -o $@\n\n");
            m.append("firmware-qemu.elf: $(OBJS) $(QEMU_OBJS) link-qemu.ld\n\t$(CC) $(CFLAGS) $(LDFLAGS) -T link-qemu.ld"
                    + " $(OBJS) $(QEMU_OBJS) -o $@\n\n");
        }
        m.append("obj/%.o: %.c\n\t@mkdir -p $(dir $@)\n\t$(CC) $(CFLAGS) -c $< -o $@\n\n");
        m.append("clean:\n\trm -rf obj firmware.elf firmware-qemu.elf\n\n.PHONY: all clean\n");
        return m.toString();
    }

    private static String cString(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    static String resource(String name) {
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
