package dev.tinyforge.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns exceptions into the one-line messages users see. */
final class Errors {
    private Errors() {
    }

    static String describe(Throwable ex) {
        if (ex instanceof NoSuchFileException) {
            return ex.getMessage() + ": no such file";
        }
        if (ex instanceof AccessDeniedException) {
            return ex.getMessage() + ": permission denied";
        }
        if (ex instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
        }
        if (ex instanceof IOException) {
            return ex.getClass().getSimpleName() + ": " + ex.getMessage();
        }
        String msg = ex.getMessage();
        return msg == null || msg.isBlank() ? ex.getClass().getName() : msg;
    }

    /** Exceptions that mean a defect in TinyForge rather than bad input. */
    static boolean isInternal(Throwable ex) {
        return !(ex instanceof IOException || ex instanceof IllegalArgumentException
                || ex instanceof dev.tinyforge.tflite.ModelFormatException
                || ex instanceof dev.tinyforge.cgen.UnsupportedOpException
                || ex instanceof dev.tinyforge.runtime.ModelLoadException
                || ex instanceof dev.tinyforge.boards.ToolException
                || ex instanceof dev.tinyforge.data.DatasetException);
    }
}
