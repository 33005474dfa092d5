package dev.tinyforge.boards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flash bytes per input file, read from the GNU ld map file of a link ({@code -Wl,-Map=...}): each
 * input section placed in a flash output section ({@code .text}, {@code .rodata}, {@code .ARM.exidx},
 * {@code .data}) is counted for the object (or archive member) it came from. Alignment padding
 * between them is counted under {@link #PADDING}.
 */
final class LinkMap {
    static final String PADDING = "(alignment)";
    private static final List<String> FLASH = List.of(".text", ".rodata", ".rodata2", ".ARM.exidx", ".data");
    private static final Pattern OUTPUT = Pattern.compile("^(\\.[A-Za-z0-9_.]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+).*");
    private static final Pattern INPUT = Pattern.compile(
            "^\\s*(\\S+)?\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+(\\S+\\.o|\\S+\\.a\\(\\S+\\))\\s*$");

    private LinkMap() {
    }

    static Map<String, Long> flashByFile(Path map) throws IOException {
        Map<String, Long> bytes = new TreeMap<>();
        String output = null;
        long outputSize = 0;
        long counted = 0;
        boolean inMemoryMap = false;
        for (String line : Files.readAllLines(map)) {
            if (line.startsWith("Linker script and memory map")) {
                inMemoryMap = true;
                continue;
            }
            if (!inMemoryMap) {
                continue;
            }
            Matcher o = OUTPUT.matcher(line);
            if (o.matches()) {
                if (output != null) {
                    bytes.merge(PADDING, outputSize - counted, Long::sum);
                }
                output = FLASH.contains(o.group(1)) ? o.group(1) : null;
                outputSize = Long.parseLong(o.group(3), 16);
                counted = 0;
                continue;
            }
            Matcher i = INPUT.matcher(line);
            if (output != null && i.matches()) {
                long size = Long.parseLong(i.group(3), 16);
                if (size > 0) {
                    bytes.merge(i.group(4), size, Long::sum);
                    counted += size;
                }
            }
        }
        if (output != null) {
            bytes.merge(PADDING, outputSize - counted, Long::sum);
        }
        return bytes;
    }
}
