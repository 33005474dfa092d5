package dev.tinyforge.cli;

import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.tflite.ModelBytes;
import dev.tinyforge.tflite.TfliteReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Reads model and data files with errors that name the file. */
final class ModelFiles {
    private ModelFiles() {
    }

    static byte[] read(Path file) throws IOException {
        return ModelBytes.read(file);
    }

    /**
     * The bytes to hand TFLite's interpreter: the file itself, or, when the reader normalized something
     * TFLite would refuse ({@link TfliteReader#NORMALIZED}), the graph written back; a note on
     * {@code err} says what changed.
     */
    static byte[] forTflite(byte[] file, Graph g, Path path, java.io.PrintWriter err) {
        String changed = g.metadata().get(TfliteReader.NORMALIZED);
        if (changed == null) {
            return file;
        }
        for (String line : changed.split("\n")) {
            err.println("tinyforge: note: " + path + ": " + line);
        }
        err.println("tinyforge: note: " + path + ": TFLite runs the normalized model");
        return dev.tinyforge.tflite.TfliteWriter.write(g);
    }

    static Graph readModel(Path file) throws IOException {
        return TfliteReader.read(read(file), file.toString());
    }

    /**
     * The raw bytes of one model input: the file's, checked against the tensor's size, or seeded random
     * (uniform int8 or int16, or uniform [-1, 1] float32) when {@code file} is null.
     */
    static byte[] input(Path file, String name, int[] shape, DType dtype, long seed) throws IOException {
        long size = Tensor.elements(shape) * dtype.bytes();
        if (file != null) {
            byte[] data = read(file);
            if (data.length != size) {
                throw new IllegalArgumentException(file + ": " + data.length + " bytes, but input '" + name + "' "
                        + Format.shape(shape) + " " + dtype + " takes " + size);
            }
            return data;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] data = new byte[(int) size];
        if (dtype == DType.FLOAT32) {
            FloatBuffer f = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            while (f.hasRemaining()) {
                f.put((float) (rnd.nextDouble() * 2 - 1));
            }
        } else {
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) rnd.nextInt(256);
            }
        }
        return data;
    }

    /**
     * The bytes of every model input: the {@code --input} files in the model's order, the rest seeded random
     * (input i with {@code seed + i}, as {@code run} draws them).
     */
    static List<byte[]> inputs(Graph g, List<Path> files, long seed) throws IOException {
        if (files.size() > g.inputs().size()) {
            throw new IllegalArgumentException(files.size() + " --input files for a model with " + g.inputs().size()
                    + " input" + (g.inputs().size() == 1 ? "" : "s"));
        }
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < g.inputs().size(); i++) {
            Tensor in = g.input(i);
            inputs.add(input(i < files.size() ? files.get(i) : null, in.name(), in.shape(), in.dtype(), seed + i));
        }
        return inputs;
    }

    /**
     * Where {@code -o} puts each of {@code outputs} outputs: one file per output in order, or one directory
     * receiving {@code output_<i>.bin}; {@code null} when none was given (print them).
     */
    static List<Path> outputFiles(List<Path> given, int outputs) {
        if (given.isEmpty()) {
            return null;
        }
        if (given.size() == 1 && Files.isDirectory(given.get(0))) {
            List<Path> files = new ArrayList<>();
            for (int o = 0; o < outputs; o++) {
                files.add(given.get(0).resolve("output_" + o + ".bin"));
            }
            return files;
        }
        if (given.size() != outputs) {
            throw new IllegalArgumentException(given.size() + " -o files for a model with " + outputs + " output"
                    + (outputs == 1 ? "" : "s") + "; give one per output, or one directory");
        }
        return given;
    }

    /**
     * Checks, before any long work, that a file can be written at {@code file}: not a directory, its
     * directory exists.
     */
    static void checkOutputFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a directory; give a file name, e.g. " + file.resolve("m.tflite"));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(file + ": directory " + parent + " does not exist");
        }
        if (parent != null && !Files.isWritable(parent) && !Files.exists(file)) {
            throw new IllegalArgumentException(file + ": directory " + parent + " is not writable");
        }
    }

    /** Checks, before any long work, that {@code dir} can be a project directory: absent or a directory. */
    static void checkOutputDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " exists and is not a directory; give a directory for the project");
        }
    }

    /**
     * Writes an output file whole or not at all (a sibling temporary file renamed over it, so that a
     * full disk or a killed run never leaves a truncated model that looks valid), naming the path and
     * the cause when it cannot. A device or pipe is written directly.
     */
    static void write(Path file, byte[] data) {
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                Files.write(file, data);
                return;
            }
            Path part = file.toAbsolutePath().resolveSibling("." + file.getFileName() + ".part");
            try {
                Files.write(part, data);
                Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** Provenance lines for generated C: the tool, the source file and the model's metadata. */
    static String provenance(Path file, Graph g) {
        StringBuilder p = new StringBuilder("tool: tinyforge 0.1.0\nsource: " + file.getFileName());
        g.metadata().forEach((k, v) -> p.append('\n').append(k).append(": ").append(v));
        return p.toString();
    }
}
