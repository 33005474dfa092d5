package dev.tinyforge.cli;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.tflite.TfliteReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads model and data files with errors that name the file. */
final class ModelFiles {
    private ModelFiles() {
    }

    static byte[] read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a directory, expected a file");
        }
        return Files.readAllBytes(file);
    }

    static Graph readModel(Path file) throws IOException {
        return TfliteReader.read(read(file), file.toString());
    }
}
