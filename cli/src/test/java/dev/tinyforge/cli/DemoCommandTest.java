package dev.tinyforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, shortened: {@code demo --quick} searches, trains the winner, verifies it,
 * builds the firmware and runs it on the default board's QEMU stand-in, end to end, and reports figures that
 * hold together (a trained accuracy above chance, SRAM and flash within the board, the report written).
 */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void theQuickDemoRunsEndToEnd() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"demo", "--quick", "-o", dir.toString()}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(0, code, out + "\n" + err);
        String text = out.toString();
        for (String step : new String[] {"$ tinyforge search ", "$ tinyforge train ", "$ tinyforge verify ",
            "$ tinyforge bench "}) {
            assertTrue(text.contains(step), "no step " + step + " in:\n" + text);
        }
        Matcher acc = Pattern.compile("int8 test accuracy ([0-9.]+)%").matcher(text);
        assertTrue(acc.find(), text);
        assertTrue(Double.parseDouble(acc.group(1)) > 20, "hardly trained: " + acc.group(1) + "%");
        assertTrue(text.contains("output bytes on the QEMU stand-in equal TFLite's"), text);
        assertTrue(Files.size(dir.resolve("search/report.html")) > 10_000, "report.html");
        assertTrue(Files.exists(dir.resolve("model.tflite")));
    }
}
