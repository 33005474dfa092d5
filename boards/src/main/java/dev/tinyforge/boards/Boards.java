package dev.tinyforge.boards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The known boards: the built-in descriptors (JSON resources listed in {@code boards.list}) and the
 * user's own, read from {@code *.json} files in {@code $TINYFORGE_BOARDS} or, when that is unset,
 * {@code ~/.config/tinyforge/boards}. A user file with a built-in board's id replaces it.
 */
public final class Boards {
    /** The board commands use when none is given: MCUNet's STM32F746G-DISCO. */
    public static final String DEFAULT = "stm32f746g-disco";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Boards() {
    }

    /** Built-in boards, then the user's, by id in that order. */
    public static List<BoardSpec> all() {
        return new ArrayList<>(load(userDirectory()).values());
    }

    /**
     * @throws IllegalArgumentException naming the unknown id and the known ones
     */
    public static BoardSpec get(String id) {
        Map<String, BoardSpec> boards = load(userDirectory());
        BoardSpec b = boards.get(id);
        if (b == null) {
            throw new IllegalArgumentException("unknown board '" + id + "'; known boards: "
                    + String.join(", ", boards.keySet()) + " (add your own as JSON in " + userDirectory() + ")");
        }
        return b;
    }

    static Path userDirectory() {
        String env = System.getenv("TINYFORGE_BOARDS");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".config", "tinyforge", "boards");
    }

    static Map<String, BoardSpec> load(Path userDir) {
        Map<String, BoardSpec> boards = new LinkedHashMap<>();
        for (String id : resource("boards.list").split("\n")) {
            if (!id.isBlank()) {
                BoardSpec b = parse(resource(id.trim() + ".json"), "built-in board " + id.trim());
                boards.put(b.id(), b);
            }
        }
        if (Files.isDirectory(userDir)) {
            try (Stream<Path> files = Files.list(userDir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    BoardSpec b = parse(Files.readString(f), f.toString());
                    boards.put(b.id(), b);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read board files in " + userDir, e);
            }
        }
        return boards;
    }

    /**
     * Parses one descriptor.
     *
     * @throws IllegalArgumentException naming the source, the field, what was expected and what was found
     */
    public static BoardSpec parse(String json, String source) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(source + ": expected a JSON object describing one board");
        }
        Fields f = new Fields(n, source);
        List<BoardSpec.Region> regions = new ArrayList<>();
        JsonNode rs = n.path("regions");
        if (!rs.isMissingNode() && !rs.isArray()) {
            throw new IllegalArgumentException(source + ": field 'regions' must be a list of {name, origin, bytes}");
        }
        for (JsonNode r : rs) {
            Fields rf = new Fields(r, source + " regions[" + regions.size() + "]");
            regions.add(new BoardSpec.Region(rf.text("name"), rf.address("origin"), rf.positive("bytes")));
        }
        List<String> openocd = new ArrayList<>();
        for (JsonNode c : n.path("openocd")) {
            openocd.add(c.asText());
        }
        String os = n.path("os").asText("none");
        if (!os.equals("none") && !os.equals("linux")) {
            throw new IllegalArgumentException(source + ": field 'os' must be \"none\" (bare metal) or \"linux\", not \""
                    + os + "\"");
        }
        long flash = f.nonNegative("flash_bytes");
        if (os.equals("none") && flash == 0) {
            throw new IllegalArgumentException(source + ": field 'flash_bytes' must be positive for a bare-metal board");
        }
        return new BoardSpec(f.text("id"), n.path("name").asText(f.text("id")), n.path("mcu").asText(""),
                f.text("core"), f.text("arch"), n.path("fpu").asText("none"), f.positive("clock_hz"),
                f.positive("sram_bytes"), flash, regions, n.path("qemu").path("machine").asText(""),
                n.path("qemu").path("cpu").asText(""), openocd, os, n.path("notes").asText(""),
                console(n.get("console"), source));
    }

    private static UartConsole console(JsonNode c, String source) {
        if (c == null || c.isNull()) {
            return null;
        }
        String where = source + " console";
        if (!c.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object {kind, base, clock_hz, baud, setup}");
        }
        Fields f = new Fields(c, where);
        UartConsole.Family family = UartConsole.Family.of(f.text("kind"), where);
        List<UartConsole.RegisterWrite> setup = new ArrayList<>();
        JsonNode ws = c.path("setup");
        if (!ws.isMissingNode() && !ws.isArray()) {
            throw new IllegalArgumentException(where + ": field 'setup' must be a list of {address, clear, set}");
        }
        for (JsonNode w : ws) {
            Fields wf = new Fields(w, where + " setup[" + setup.size() + "]");
            setup.add(new UartConsole.RegisterWrite(wf.address("address"),
                    w.has("clear") ? wf.address("clear") : 0, w.has("set") ? wf.address("set") : 0,
                    w.path("what").asText("")));
        }
        long baud = c.has("baud") ? f.positive("baud") : 115200;
        UartConsole console = new UartConsole(family, f.address("base"), f.positive("clock_hz"), (int) baud, setup);
        try {
            console.divisor();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        return console;
    }

    private record Fields(JsonNode node, String source) {
        String text(String name) {
            JsonNode v = node.get(name);
            if (v == null || !v.isTextual() || v.asText().isBlank()) {
                throw new IllegalArgumentException(source + ": field '" + name + "' must be a non-empty string"
                        + (v == null ? " (missing)" : ", found " + v));
            }
            return v.asText();
        }

        long nonNegative(String name) {
            JsonNode v = node.get(name);
            if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
                throw new IllegalArgumentException(source + ": field '" + name + "' must be a whole number of bytes "
                        + "or Hz, >= 0" + (v == null ? " (missing)" : ", found " + v));
            }
            return v.asLong();
        }

        long positive(String name) {
            long v = nonNegative(name);
            if (v == 0) {
                throw new IllegalArgumentException(source + ": field '" + name + "' must be positive, found 0");
            }
            return v;
        }

        long address(String name) {
            String s = text(name);
            try {
                return s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": field '" + name + "' must be an address such as "
                        + "\"0x20000000\", found \"" + s + "\"");
            }
        }
    }

    private static String resource(String name) {
        try (InputStream in = Boards.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " in the boards module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
