package dev.tinyforge.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the generated C runs on: a Cortex-M core (bare metal), an aarch64 Linux board, or this host
 * (the native backend), with the ISA features that choose kernel variants and the scratch they ask
 * for. It reaches the planner (in-place rules and scratch are per variant) and the emitter, and
 * {@link Toolchain#of(Target)} turns it into compiler flags.
 *
 * @param name a label for reports, e.g. {@code cortex-m7} or {@code host x86-64}
 * @param kind where the code runs
 * @param cpu the compiler's {@code -mcpu} ({@code null} for the host)
 * @param arch the architecture, e.g. {@code armv7e-m}, {@code armv8.1-m.main}, {@code armv8-a}, {@code x86-64}
 * @param fpu the compiler's {@code -mfpu} on Cortex-M ({@code none} for soft float, {@code auto}), else {@code null}
 * @param features the ISA features the kernels may use
 */
public record Target(String name, Kind kind, String cpu, String arch, String fpu, Set<Feature> features) {

    /** Where the generated code runs. */
    public enum Kind {
        /** Bare-metal Cortex-M, built with arm-none-eabi-gcc. */
        CORTEX_M,
        /** aarch64 Linux (Raspberry Pi), built with aarch64-linux-gnu-gcc. */
        LINUX_AARCH64,
        /** This machine, through the native backend. */
        HOST
    }

    /** ISA features a kernel variant may depend on. */
    public enum Feature {
        /** Armv7E-M / Armv8-M DSP extension (SMLAD, SXTB16, ...). */
        DSP,
        /** Helium (M-profile vector extension), integer. */
        MVE,
        /** Helium floating point. */
        MVE_FLOAT,
        /** Hardware single-precision float. */
        FPU_SINGLE,
        /** Hardware double-precision float. */
        FPU_DOUBLE,
        /** Advanced SIMD on A-profile cores. */
        NEON,
        /** Armv8.2 dot product (SDOT/UDOT). */
        DOTPROD,
        /** x86-64 AVX2. */
        AVX2
    }

    public Target {
        features = features.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(features));
    }

    public boolean has(Feature f) {
        return features.contains(f);
    }

    /** A bare-metal Cortex-M core, its features derived from the architecture and FPU. */
    public static Target cortexM(String cpu, String arch, String fpu) {
        EnumSet<Feature> f = EnumSet.noneOf(Feature.class);
        String a = arch.toLowerCase(Locale.ROOT);
        boolean v8m = a.startsWith("armv8");
        if (a.equals("armv7e-m") || v8m && a.contains("main")) {
            f.add(Feature.DSP);
        }
        boolean hardFloat = fpu != null && !fpu.equals("none");
        if (a.startsWith("armv8.1-m")) {
            f.add(Feature.MVE);
            if (hardFloat) {
                f.add(Feature.MVE_FLOAT);
            }
        }
        if (hardFloat) {
            f.add(Feature.FPU_SINGLE);
            if (fpu.equals("auto") && a.startsWith("armv8.1-m") || fpu.startsWith("fpv5") && !fpu.contains("-sp-")) {
                f.add(Feature.FPU_DOUBLE);
            }
        }
        return new Target(cpu, Kind.CORTEX_M, cpu, arch, fpu, f);
    }

    /** An aarch64 Linux board's core (Cortex-A76 and later have the dot product). */
    public static Target linuxAarch64(String cpu) {
        EnumSet<Feature> f = EnumSet.of(Feature.NEON, Feature.FPU_SINGLE, Feature.FPU_DOUBLE);
        if (cpu.matches("cortex-a(7[6-9]|[89][0-9]|7[0-9]{2})")) {
            f.add(Feature.DOTPROD);
        }
        return new Target(cpu, Kind.LINUX_AARCH64, cpu, "armv8-a", null, f);
    }

    /** This machine, for the native backend. */
    public static Target host() {
        String machine = System.getProperty("os.arch", "");
        EnumSet<Feature> f = EnumSet.of(Feature.FPU_SINGLE, Feature.FPU_DOUBLE);
        String arch;
        if (machine.equals("amd64") || machine.equals("x86_64")) {
            arch = "x86-64";
            if (cpuFlags().contains(" avx2")) {
                f.add(Feature.AVX2);
            }
        } else if (machine.equals("aarch64")) {
            arch = "armv8-a";
            f.add(Feature.NEON);
        } else {
            arch = machine;
        }
        return new Target("host " + arch, Kind.HOST, null, arch, null, f);
    }

    /**
     * This target without an optional feature: the plain kernel paths stay tested on a host whose own target
     * selects SIMD paths (e.g. {@code Target.host().without(Feature.AVX2)} compiles without {@code -mavx2}).
     */
    public Target without(Feature feature) {
        EnumSet<Feature> f = features.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(features);
        f.remove(feature);
        return new Target(name, kind, cpu, arch, fpu, f);
    }

    private static String cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return line + " ";
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: assume no optional features
        }
        return "";
    }

    @Override
    public String toString() {
        return name + (features.isEmpty() ? "" : " " + features);
    }
}
