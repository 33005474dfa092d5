package dev.tinyforge.boards;

import java.util.ArrayList;
import java.util.List;

/**
 * The cross compiler and its flags for a board: arm-none-eabi-gcc with the board's {@code -mcpu}
 * and float ABI for bare-metal Cortex-M (ARMv6-M code for the RP2040), aarch64-linux-gnu-gcc
 * (static) for the Linux boards. One place, so the firmware, the flash model's code size and the
 * tests compile the same way.
 */
public record Toolchain(String compiler, String sizeTool, String debianPackage, List<String> cpuFlags,
        List<String> linkFlags, boolean bareMetal) {

    /** Optimisation and warning flags every TinyForge build uses. */
    public static final List<String> COMMON_FLAGS = List.of("-std=c99", "-O2", "-ffunction-sections",
            "-fdata-sections", "-Wall", "-Wextra", "-Werror");

    public Toolchain {
        cpuFlags = List.copyOf(cpuFlags);
        linkFlags = List.copyOf(linkFlags);
    }

    public static Toolchain of(BoardSpec board) {
        if (board.isLinux()) {
            List<String> cpu = List.of("-mcpu=" + board.core());
            return new Toolchain("aarch64-linux-gnu-gcc", "aarch64-linux-gnu-size",
                    "gcc-aarch64-linux-gnu and libc6-dev-arm64-cross", cpu,
                    List.of("-static", "-Wl,--gc-sections"), false);
        }
        List<String> cpu = new ArrayList<>(List.of("-mcpu=" + board.core(), "-mthumb"));
        if ("none".equals(board.fpu())) {
            cpu.add("-mfloat-abi=soft");
        } else {
            cpu.add("-mfloat-abi=hard");
            cpu.add("-mfpu=" + board.fpu());
        }
        return new Toolchain("arm-none-eabi-gcc", "arm-none-eabi-size",
                "gcc-arm-none-eabi and libnewlib-arm-none-eabi", cpu,
                List.of("-nostartfiles", "--specs=nano.specs", "-Wl,--gc-sections"), true);
    }

    /** The compile command of one C file, without the file and output. */
    public List<String> compileCommand(List<String> includeDirs, List<String> defines) {
        List<String> cmd = new ArrayList<>();
        cmd.add(compiler);
        cmd.addAll(cpuFlags);
        cmd.addAll(COMMON_FLAGS);
        for (String d : includeDirs) {
            cmd.add("-I" + d);
        }
        for (String d : defines) {
            cmd.add("-D" + d);
        }
        return cmd;
    }

    /** The objcopy of the same binutils (for raw images). */
    public String objcopy() {
        return sizeTool.replaceAll("size$", "objcopy");
    }

    /** Whether the compiler is installed. */
    public boolean installed() {
        return Tool.available(compiler);
    }
}
