package dev.tinyforge.zoo;

import dev.tinyforge.util.ResourceListing;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The architecture zoo: a table from name to {@link Architecture}, each a spec built by {@link SpecBuilder}. */
public final class Zoo {
    private static final String SPECS = "dev/tinyforge/zoo/specs";
    private static final Map<String, Architecture> ARCHITECTURES = new LinkedHashMap<>();

    static {
        List<ArchitectureSpec> all = new ArrayList<>();
        all.add(MobileNetV2.spec(false));
        all.add(MnasNet.spec());
        all.addAll(McuNet.specs());
        all.add(ResNet8.spec());
        all.add(MobileNetV2.spec(true));
        all.addAll(specFiles());
        for (ArchitectureSpec s : all) {
            ARCHITECTURES.put(s.name(), new Architecture(s));
        }
    }

    private Zoo() {
    }

    /** The zoo's architectures written as spec files ({@code specs/*.json} beside this class), by file name. */
    private static List<ArchitectureSpec> specFiles() {
        List<ArchitectureSpec> specs = new ArrayList<>();
        for (String f : ResourceListing.files(Zoo.class.getClassLoader(), SPECS)) {
            if (!f.endsWith(".json")) {
                continue;
            }
            try (java.io.InputStream in = Zoo.class.getResourceAsStream("/" + SPECS + "/" + f)) {
                specs.add(ArchitectureSpec.fromJson(new String(in.readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8), "zoo spec " + f));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read zoo spec " + f, e);
            }
        }
        return specs;
    }

    public static List<Architecture> all() {
        return List.copyOf(ARCHITECTURES.values());
    }

    /**
     * @throws IllegalArgumentException naming the known architectures when {@code name} is not one
     */
    public static Architecture get(String name) {
        Architecture a = ARCHITECTURES.get(name);
        if (a == null) {
            throw new IllegalArgumentException("unknown architecture '" + name + "'; known: "
                    + String.join(", ", ARCHITECTURES.keySet()));
        }
        return a;
    }

    /**
     * What a command's {@code ARCH|SPEC.json} argument names: a zoo architecture by name, otherwise a
     * spec file (a path ending in {@code .json}, or any existing file).
     *
     * @throws SpecException when the file cannot be read or is not a valid spec
     * @throws IllegalArgumentException when it is neither a known name nor a file
     */
    public static Architecture resolve(String nameOrPath) {
        Architecture a = ARCHITECTURES.get(nameOrPath);
        if (a != null) {
            return a;
        }
        Path path = null;
        try {
            path = Path.of(nameOrPath);
        } catch (InvalidPathException e) {
            // not a path: report it as an unknown name
        }
        if (path != null && (nameOrPath.toLowerCase(Locale.ROOT).endsWith(".json") || Files.isRegularFile(path))) {
            return new Architecture(ArchitectureSpec.read(path));
        }
        throw new IllegalArgumentException("unknown architecture '" + nameOrPath + "'; known: "
                + String.join(", ", ARCHITECTURES.keySet()) + "; or give the path of a spec file (*.json)");
    }
}
