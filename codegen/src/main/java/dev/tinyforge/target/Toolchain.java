package dev.tinyforge.target;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The C compiler and its flags for a {@link Target}: the one place compiler flags are defined, so
 * the native backend, the firmware, the flash model's code size and the tests compile the same way.
 * arm-none-eabi-gcc with the core's {@code -mcpu} and float ABI for bare-metal Cortex-M (ARMv6-M code
 * for the RP2040), aarch64-linux-gnu-gcc (static) for the Linux boards, the host's gcc for the native
 * backend ({@code -mavx2} when the host has AVX2, which selects the kernels' AVX2 paths).
 *
 * @param cpuFlags flags that select the core and float ABI
 * @param linkFlags flags for linking an executable (firmware or a Linux program)
 */
public record Toolchain(Target target, String compiler, String sizeTool, String debianPackage, List<String> cpuFlags,
        List<String> linkFlags) {

    /** Language, optimisation and warning flags every TinyForge build uses. */
    public static final List<String> COMMON_FLAGS = List.of("-std=c99", "-O2", "-ffunction-sections",
            "-fdata-sections", "-Wall", "-Wextra", "-Werror");

    /** What makes a host build a shared library the native backend can load. */
    public static final List<String> SHARED_LIBRARY_FLAGS = List.of("-fPIC", "-shared");

    public Toolchain {
        cpuFlags = List.copyOf(cpuFlags);
        linkFlags = List.copyOf(linkFlags);
    }

    public static Toolchain of(Target target) {
        switch (target.kind()) {
            case HOST:
                // AVX2 only (not FMA, AVX-512 or VNNI, whatever this CPU has): the kernels' x86 paths use nothing
                // more, and the code the tests hold to TFLite is then the same on every AVX2 machine (GCC would
                // otherwise auto-vectorize the plain loops for this CPU alone)
                return new Toolchain(target, "gcc", "size", "gcc and libc6-dev",
                        target.has(Target.Feature.AVX2) ? List.of("-mavx2") : List.of(), List.of());
            case LINUX_AARCH64:
                return new Toolchain(target, "aarch64-linux-gnu-gcc", "aarch64-linux-gnu-size",
                        "gcc-aarch64-linux-gnu and libc6-dev-arm64-cross", List.of("-mcpu=" + target.cpu()),
                        List.of("-static", "-Wl,--gc-sections"));
            default:
                List<String> cpu = new ArrayList<>(List.of("-mcpu=" + target.cpu(), "-mthumb"));
                if ("none".equals(target.fpu())) {
                    cpu.add("-mfloat-abi=soft");
                } else {
                    cpu.add("-mfloat-abi=hard");
                    cpu.add("-mfpu=" + target.fpu());
                }
                return new Toolchain(target, "arm-none-eabi-gcc", "arm-none-eabi-size",
                        "gcc-arm-none-eabi and libnewlib-arm-none-eabi", cpu,
                        List.of("-nostartfiles", "--specs=nano.specs", "-Wl,--gc-sections"));
        }
    }

    /** Whether this builds bare-metal firmware (startup, linker script, no OS). */
    public boolean bareMetal() {
        return target.kind() == Target.Kind.CORTEX_M;
    }

    /** The compile command of one C file, without the file and output. */
    public List<String> compileCommand(List<String> includeDirs, List<String> defines) {
        List<String> cmd = new ArrayList<>();
        cmd.add(compiler);
        cmd.addAll(compileFlags());
        for (String d : includeDirs) {
            cmd.add("-I" + d);
        }
        for (String d : defines) {
            cmd.add("-D" + d);
        }
        return cmd;
    }

    /** The core's flags followed by {@link #COMMON_FLAGS}. */
    public List<String> compileFlags() {
        List<String> flags = new ArrayList<>(cpuFlags);
        flags.addAll(COMMON_FLAGS);
        return flags;
    }

    /** The objcopy of the same binutils (for raw images). */
    public String objcopy() {
        return sizeTool.replaceAll("size$", "objcopy");
    }

    /** Whether the compiler is installed. */
    public boolean installed() {
        return onPath(compiler);
    }

    /** Whether an executable of that name is on {@code PATH}. */
    public static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
