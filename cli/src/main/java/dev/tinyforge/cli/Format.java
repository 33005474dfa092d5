package dev.tinyforge.cli;

import java.util.Arrays;

/** Number and shape formatting shared by the commands' text output. */
final class Format {
    private Format() {
    }

    /** 1234567 → "1,234,567". */
    static String count(long n) {
        return String.format("%,d", n);
    }

    /** At most {@code width} characters: a longer text keeps its end, after "..." (tensor names differ at the end). */
    static String shorten(String text, int width) {
        return text.length() <= width ? text : "..." + text.substring(text.length() - (width - 3));
    }

    static String shape(int[] s) {
        return Arrays.toString(s).replace(" ", "");
    }

    static String bytes(long n) {
        if (n < 10 * 1024) {
            return n + " B";
        }
        if (n < 10L * 1024 * 1024) {
            return String.format("%.1f KB", n / 1024.0);
        }
        return String.format("%.1f MB", n / (1024.0 * 1024.0));
    }

    /** A board's storage limit for "flash X of ...": its flash, plus the RODATA region constants may overflow into. */
    static String flashLimit(dev.tinyforge.boards.BoardSpec b) {
        if (!b.hasFlashLimit()) {
            return "no limit";
        }
        dev.tinyforge.boards.BoardSpec.Region r = b.rodataRegion();
        return r == null ? bytes(b.flashBytes())
                : bytes(b.flashBytes()) + " + " + bytes(r.bytes()) + " " + dev.tinyforge.boards.BoardSpec.RODATA_REGION;
    }
}
