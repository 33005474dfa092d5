package dev.tinyforge.boards;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What the firmware harness printed, parsed from its {@code tfg ...} lines (see tfg_harness.c):
 * the timer it used, the ticks of every run, the bytes of every output and the stack high-water mark.
 *
 * @param firmwareId the digest of the firmware's sources ({@link FirmwareProject#firmwareId()})
 * @param stackBytes deepest stack use, or -1 when the port cannot measure it (Linux)
 * @param layerTicks per op, the ticks of the last run (a firmware built with layer profiling), else empty
 */
public record HarnessReport(String model, String firmwareId, String timer, List<Long> ticks, List<byte[]> outputs,
        long stackBytes, List<Long> layerTicks) {

    public HarnessReport {
        ticks = List.copyOf(ticks);
        layerTicks = List.copyOf(layerTicks);
        outputs = outputs.stream().map(byte[]::clone).toList();
    }

    @Override
    public List<byte[]> outputs() {
        return outputs.stream().map(byte[]::clone).toList();
    }

    /** The first output's bytes. */
    public byte[] output() {
        return outputs.get(0).clone();
    }

    /** The fewest ticks of any run (runs after the first see warm caches on boards that have them). */
    public long bestTicks() {
        return ticks.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    /**
     * @param source named in errors (e.g. the QEMU command or the serial port)
     * @throws IllegalStateException when the text does not hold a complete report, quoting what came
     */
    public static HarnessReport parse(String text, String source) {
        String model = null;
        String timer = null;
        String firmware = "";
        List<Long> ticks = new ArrayList<>();
        java.util.Map<Integer, byte[]> outputs = new java.util.TreeMap<>();
        java.util.Map<Integer, Long> layers = new java.util.TreeMap<>();
        long stack = -1;
        boolean end = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            String[] f = line.split(" ");
            if (f.length < 2 || !f[0].equals("tfg")) {
                continue;
            }
            try {
                switch (f[1]) {
                    case "model" -> model = f.length > 2 ? f[2] : "";
                    case "firmware" -> firmware = f.length > 2 ? f[2] : "";
                    case "timer" -> timer = f.length > 2 ? f[2] : "";
                    case "run" -> ticks.add(Long.parseLong(f[4]));
                    case "output" -> outputs.put(Integer.parseInt(f[2]), HexFormat.of().parseHex(f.length > 3 ? f[3] : ""));
                    case "layer" -> layers.put(Integer.parseInt(f[2]), Long.parseLong(f[4]));
                    case "stack" -> stack = f[2].equals("unknown") ? -1 : Long.parseLong(f[2]);
                    case "end" -> end = true;
                    case "fault" -> throw new IllegalStateException(source + ": the firmware faulted (HardFault or "
                            + "another exception) after:\n" + tail(text));
                    case "error" -> throw new IllegalStateException(source + ": " + line);
                    default -> {
                    }
                }
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) { // bad number, hex, or too few fields
                throw new IllegalStateException(source + ": garbled harness line \"" + line + "\" in:\n" + tail(text));
            }
        }
        List<String> missing = new ArrayList<>();
        if (firmware.isEmpty()) {
            missing.add("tfg firmware");
        }
        if (timer == null) {
            missing.add("tfg timer");
        }
        if (ticks.isEmpty()) {
            missing.add("tfg run");
        }
        if (outputs.isEmpty() || !outputs.keySet().equals(new java.util.TreeSet<>(
                java.util.stream.IntStream.range(0, outputs.size()).boxed().toList()))) {
            missing.add("tfg output" + (outputs.isEmpty() ? "" : " (outputs " + outputs.keySet() + ", not 0.."
                    + (outputs.size() - 1) + ")"));
        }
        if (!end) {
            missing.add("tfg end");
        }
        if (!layers.isEmpty() && !layers.keySet().equals(new java.util.TreeSet<>(
                java.util.stream.IntStream.range(0, layers.size()).boxed().toList()))) {
            missing.add("tfg layer (ops " + layers.keySet() + ", not 0.." + (layers.size() - 1) + ")");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(source + ": the harness did not finish its report (no \""
                    + String.join("\", \"", missing) + "\"); it printed:\n" + tail(text));
        }
        return new HarnessReport(model, firmware, timer, ticks, List.copyOf(outputs.values()), stack,
                List.copyOf(layers.values()));
    }

    /** Whether {@code text} holds a whole report that {@link #parse} accepts. */
    public static boolean isComplete(String text) {
        try {
            parse(text, "");
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.isEmpty() ? "(nothing)" : t.length() > 2000 ? "..." + t.substring(t.length() - 2000) : t;
    }
}
