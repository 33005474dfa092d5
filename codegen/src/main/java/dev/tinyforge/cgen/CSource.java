package dev.tinyforge.cgen;

/**
 * Generated C for one model: {@code <prefix>.h} declares {@code <prefix>_invoke}, {@code <prefix>.c}
 * holds the weights, the arena and the layer calls.
 */
public record CSource(String prefix, String header, String source, long arenaBytes) {

    public String headerFile() {
        return prefix + ".h";
    }

    public String sourceFile() {
        return prefix + ".c";
    }
}
