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
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Reads model and data files with errors that name the file. */
final class ModelFiles {
    private ModelFiles() {
    }

    static byte[] read(Path file) throws IOException {
        return ModelBytes.read(file);
    }

    static Graph readModel(Path file) throws IOException {
        return TfliteReader.read(read(file), file.toString());
    }

    /**
     * The raw bytes of one model input: the file's, checked against the tensor's size, or seeded random
     * (uniform int8, or uniform [-1, 1] float32) when {@code file} is null.
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

    /** The bytes the firmware harness embeds: {@code --input}, or the seeded random input {@code run} would use. */
    static byte[] input(Graph g, Path inputFile, long seed) throws IOException {
        Tensor in = g.input(0);
        return input(inputFile, in.name(), in.shape(), in.dtype(), seed);
    }

    /** Provenance lines for generated C: the tool, the source file and the model's metadata. */
    static String provenance(Path file, Graph g) {
        StringBuilder p = new StringBuilder("tool: tinyforge 0.1.0\nsource: " + file.getFileName());
        g.metadata().forEach((k, v) -> p.append('\n').append(k).append(": ").append(v));
        return p.toString();
    }
}
