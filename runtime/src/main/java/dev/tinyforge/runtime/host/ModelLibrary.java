package dev.tinyforge.runtime.host;

import dev.tinyforge.runtime.ModelLoadException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A compiled model library opened with {@code dlopen}, and the descriptors of the models in it found
 * with {@code dlsym} (both through {@link ModelAbi}). A library is opened once per process and never
 * closed: it is cached on disk and shared by every runner of its models, and each descriptor is handed
 * out once, so every runner of one model locks the same object around the model's static arena.
 */
final class ModelLibrary {
    private static final Map<Path, ModelLibrary> OPEN = new HashMap<>();

    private final Path path;
    private final Pointer handle;
    private final Map<String, ModelDescriptor> models = new HashMap<>();

    private ModelLibrary(Path path, Pointer handle) {
        this.path = path;
        this.handle = handle;
    }

    /**
     * @param source the model file the library was built from, for error messages
     * @throws ModelLoadException with {@code dlopen}'s reason when the library does not load
     */
    static synchronized ModelLibrary open(Path library, String source) {
        Path path = library.toAbsolutePath().normalize();
        ModelLibrary open = OPEN.get(path);
        if (open == null) {
            Pointer handle = ModelAbi.dlopen(path.toString(), ModelAbi.RTLD_NOW() | ModelAbi.RTLD_LOCAL());
            if (handle == null || handle.isNull()) {
                throw new ModelLoadException(source + ": cannot load the compiled model library " + path + ": "
                        + lastError() + "; delete it to have it rebuilt");
            }
            open = new ModelLibrary(path, handle);
            OPEN.put(path, open);
        }
        return open;
    }

    /**
     * The descriptor {@code <prefix>_model} of one model in the library.
     *
     * @throws ModelLoadException when the symbol is missing or its ABI version is not this runtime's
     */
    ModelDescriptor model(String prefix, String source) {
        synchronized (ModelLibrary.class) {
            ModelDescriptor d = models.get(prefix);
            if (d == null) {
                String symbol = prefix + "_model";
                Pointer address = ModelAbi.dlsym(handle, symbol);
                if (address == null || address.isNull()) {
                    throw new ModelLoadException(source + ": the compiled library " + path + " has no " + symbol
                            + " (" + lastError() + "); it was built by an older TinyForge: delete it to have it rebuilt");
                }
                d = ModelDescriptor.read(new ModelAbi.ModelStruct(address), source + " (" + symbol + " in " + path + ")");
                models.put(prefix, d);
            }
            return d;
        }
    }

    private static String lastError() {
        BytePointer e = ModelAbi.dlerror();
        return e == null || e.isNull() ? "no reason given" : e.getString(StandardCharsets.UTF_8);
    }
}
