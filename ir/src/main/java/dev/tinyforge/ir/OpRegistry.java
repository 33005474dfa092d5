package dev.tinyforge.ir;

import dev.tinyforge.util.ResourceListing;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The ops TinyForge knows: every concrete {@link OpType} class of package {@value #PACKAGE} on the
 * class path, found by listing that package (in a directory or a jar) the first time it is asked.
 * Adding an op is adding its class there; nothing else lists it, and the IR does not import it.
 * Order is by name, so everything that iterates the registry is deterministic.
 */
public final class OpRegistry {
    /** The package holding the op classes. */
    public static final String PACKAGE = "dev.tinyforge.ops";

    private static volatile List<OpType> all;

    private OpRegistry() {
    }

    /** Every op, sorted by name. */
    public static List<OpType> all() {
        List<OpType> ops = all;
        if (ops == null) {
            synchronized (OpRegistry.class) {
                if (all == null) {
                    all = discover();
                }
                ops = all;
            }
        }
        return ops;
    }

    /** The op with TFLite's builtin name {@code name} (e.g. {@code CONV_2D}), if TinyForge has it. */
    public static Optional<OpType> byName(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The ops that implement a facet, sorted by name. */
    public static <F> List<OpType> with(Class<F> facet) {
        return all().stream().filter(facet::isInstance).toList();
    }

    /** The names of all ops, for error messages. */
    public static String names() {
        return String.join(", ", all().stream().map(OpType::name).toList());
    }

    private static List<OpType> discover() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : OpRegistry.class.getClassLoader();
        TreeSet<String> classNames = new TreeSet<>();
        for (String file : ResourceListing.files(loader, PACKAGE.replace('.', '/'))) {
            if (file.endsWith(".class") && file.indexOf('$') < 0 && !file.equals("package-info.class")) {
                classNames.add(PACKAGE + "." + file.substring(0, file.length() - ".class".length()));
            }
        }
        List<OpType> ops = new ArrayList<>();
        for (String name : classNames) {
            Class<?> c;
            try {
                c = Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("op class " + name + " cannot be loaded: " + e, e);
            }
            if (OpType.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
                ops.add(instance(c));
            }
        }
        if (ops.isEmpty()) {
            throw new IllegalStateException("no op classes found in package " + PACKAGE
                    + " on the class path (they ship in the tinyforge-codegen module)");
        }
        ops.sort(Comparator.comparing(OpType::name));
        for (int i = 1; i < ops.size(); i++) {
            if (ops.get(i).name().equals(ops.get(i - 1).name())) {
                throw new IllegalStateException("two op classes are named " + ops.get(i).name());
            }
        }
        return List.copyOf(ops);
    }

    private static OpType instance(Class<?> c) {
        try {
            Field f = c.getField("OP");
            if (!Modifier.isStatic(f.getModifiers()) || !Modifier.isFinal(f.getModifiers()) || f.getType() != c) {
                throw new NoSuchFieldException();
            }
            return (OpType) f.get(null);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException("op class " + c.getName() + " must hold its instance in a field "
                    + "'public static final " + c.getSimpleName() + " OP'");
        }
    }
}
