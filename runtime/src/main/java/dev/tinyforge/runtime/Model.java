package dev.tinyforge.runtime;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.tflite.TfliteReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * A {@code .tflite} model loaded for a host application: what it takes and gives, and runners on any
 * {@link Backend}. This is the entry point for embedding TinyForge:
 *
 * <pre>{@code
 * try (Model m = Model.load(path); Runner r = m.runner(Backend.NATIVE)) {
 *     r.run(inputs, outputs);
 * }
 * }</pre>
 *
 * <p>Closing the model closes the runners it opened that are still open. A model is not thread-safe;
 * give each thread its own runner.
 */
public final class Model implements AutoCloseable {
    private final byte[] tflite;
    private final String source;
    private final List<TensorInfo> inputs;
    private final List<TensorInfo> outputs;
    /** Runners opened here, held weakly: one the application dropped without closing is not kept alive. */
    private final Set<Runner> runners = Collections.newSetFromMap(new WeakHashMap<>());

    private Model(byte[] tflite, String source, Graph g) {
        this.tflite = tflite;
        this.source = source;
        List<TensorInfo> in = new ArrayList<>();
        for (int i = 0; i < g.inputs().size(); i++) {
            in.add(TensorInfo.of(g.input(i)));
        }
        List<TensorInfo> out = new ArrayList<>();
        for (int i = 0; i < g.outputs().size(); i++) {
            out.add(TensorInfo.of(g.output(i)));
        }
        this.inputs = List.copyOf(in);
        this.outputs = List.copyOf(out);
    }

    /**
     * Reads a {@code .tflite} file.
     *
     * @throws IOException when the file cannot be read
     * @throws RuntimeException naming the file when it is not a model TinyForge reads
     */
    public static Model load(Path path) throws IOException {
        return of(Files.readAllBytes(path), path.toString());
    }

    /**
     * @param tflite the model's bytes (kept, not copied: do not change them afterwards)
     * @param source where they came from, for error messages
     */
    public static Model of(byte[] tflite, String source) {
        return new Model(tflite, source, TfliteReader.read(tflite, source));
    }

    /** Where the model came from, as error messages name it. */
    public String source() {
        return source;
    }

    public List<TensorInfo> inputs() {
        return inputs;
    }

    public List<TensorInfo> outputs() {
        return outputs;
    }

    /** A runner on {@code backend} with one thread; close it, or the model, when done. */
    public Runner runner(Backend backend) {
        return runner(backend, 1);
    }

    /** A runner on {@code backend}; {@code threads} applies to the TFLite backends. */
    public synchronized Runner runner(Backend backend, int threads) {
        Runner r = Runners.open(backend.provider(), tflite, source, backend.options(threads));
        runners.add(r);
        return r;
    }

    @Override
    public synchronized void close() {
        for (Runner r : new ArrayList<>(runners)) {
            r.close();
        }
        runners.clear();
    }
}
