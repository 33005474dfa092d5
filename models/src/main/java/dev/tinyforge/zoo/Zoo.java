package dev.tinyforge.zoo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The architecture zoo: a table from name to {@link Architecture}. */
public final class Zoo {
    private static final Map<String, Architecture> ARCHITECTURES = new LinkedHashMap<>();

    static {
        List<Architecture> all = new ArrayList<>();
        all.add(new MobileNetV2(false));
        all.add(new MnasNet());
        all.addAll(McuNet.all());
        all.add(new ResNet8());
        all.add(new MobileNetV2(true));
        for (Architecture a : all) {
            ARCHITECTURES.put(a.name(), a);
        }
    }

    private Zoo() {
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
}
