package dev.tinyforge.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The host's compiler flags follow its Target: {@code -mavx2} exactly when the host Target has AVX2 (what selects
 * the kernels' AVX2 paths), nothing wider (FMA, AVX-512), and {@code without(AVX2)} gives the plain build the
 * kernel tests also run.
 */
class HostToolchainTest {

    @Test
    void avx2FlagFollowsTheHostTarget() throws IOException {
        Target host = Target.host();
        boolean cpuHasAvx2 = Files.isReadable(Path.of("/proc/cpuinfo"))
                && Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .anyMatch(l -> l.startsWith("flags") && (l + " ").contains(" avx2 "));
        boolean x86 = host.arch().equals("x86-64");
        assertEquals(x86 && cpuHasAvx2, host.has(Target.Feature.AVX2), host.toString());
        List<String> flags = Toolchain.of(host).cpuFlags();
        assertEquals(host.has(Target.Feature.AVX2) ? List.of("-mavx2") : List.of(), flags);
        assertFalse(flags.stream().anyMatch(f -> f.contains("avx512") || f.contains("fma")), flags.toString());
    }

    @Test
    void withoutDropsOneFeatureAndItsFlag() {
        Target avx2 = new Target("host x86-64", Target.Kind.HOST, null, "x86-64", null,
                java.util.EnumSet.of(Target.Feature.AVX2, Target.Feature.FPU_SINGLE));
        Target plain = avx2.without(Target.Feature.AVX2);
        assertTrue(avx2.has(Target.Feature.AVX2));
        assertFalse(plain.has(Target.Feature.AVX2));
        assertTrue(plain.has(Target.Feature.FPU_SINGLE));
        assertEquals(List.of("-mavx2"), Toolchain.of(avx2).cpuFlags());
        assertEquals(List.of(), Toolchain.of(plain).cpuFlags());
        assertEquals(avx2.kind(), plain.kind());
    }
}
