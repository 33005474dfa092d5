package dev.tinyforge.boards;

import dev.tinyforge.target.Toolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external program (a compiler, QEMU, OpenOCD) to completion with a time limit, capturing
 * its output, so a missing tool, a failure or a hang becomes a {@link ToolException} that says
 * which Debian package to install or what went wrong, never a silent result.
 */
final class Tool {
    /** What a finished program printed and how it ended. */
    record Result(int exitCode, String output) {
    }

    private Tool() {
    }

    /** Whether {@code program} is on the PATH. */
    static boolean available(String program) {
        return Toolchain.onPath(program);
    }

    /**
     * @param debianPackage named in the error when the program is missing
     * @throws ToolException when the program is missing or runs longer than {@code timeoutSeconds}
     */
    static Result run(List<String> command, Path dir, long timeoutSeconds, String debianPackage) {
        if (!available(command.get(0))) {
            throw new ToolException(command.get(0) + " not found on PATH: install Debian's " + debianPackage
                    + " (scripts/install-deps installs it)");
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[][] out = new byte[1][];
            Thread reader = new Thread(() -> {
                try {
                    out[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = new byte[0];
                }
            });
            reader.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                reader.join(5000);
                throw new ToolException(String.join(" ", command.subList(0, Math.min(3, command.size())))
                        + " ... did not finish within " + timeoutSeconds + " s and was stopped");
            }
            reader.join();
            return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ToolException("could not start " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException(command.get(0) + " was interrupted");
        }
    }

    /** Like {@link #run} but a non-zero exit is an error carrying the program's output. */
    static String check(List<String> command, Path dir, long timeoutSeconds, String debianPackage) {
        Result r = run(command, dir, timeoutSeconds, debianPackage);
        if (r.exitCode() != 0) {
            throw new ToolException(command.get(0) + " failed (exit " + r.exitCode() + "):\n" + r.output().strip());
        }
        return r.output();
    }
}
