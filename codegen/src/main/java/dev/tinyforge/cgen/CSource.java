package dev.tinyforge.cgen;

import java.util.List;

/**
 * Generated C for one model: {@code <prefix>.h} declares {@code <prefix>_invoke}, {@code <prefix>.c}
 * holds the weights, the arena and the layer calls.
 *
 * @param calls every layer's {@link KernelCall}, in execution order (patch-stage ops once per patch)
 * @param kernelSources the kernel sources the model needs, helpers included ({@code src/...}, sorted)
 */
public record CSource(String prefix, String header, String source, long arenaBytes, List<KernelCall> calls,
        List<String> kernelSources) {

    public CSource {
        calls = List.copyOf(calls);
        kernelSources = List.copyOf(kernelSources);
    }

    /** Bytes of constant data (weights, biases, tables) the model declares. */
    public long constantBytes() {
        return calls.stream().mapToLong(KernelCall::constantBytes).sum();
    }

    public String headerFile() {
        return prefix + ".h";
    }

    public String sourceFile() {
        return prefix + ".c";
    }
}
