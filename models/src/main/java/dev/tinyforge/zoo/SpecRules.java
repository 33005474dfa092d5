package dev.tinyforge.zoo;

import java.math.BigDecimal;
import java.util.List;

/** The value checks every spec record shares, so that each message is worded once. */
final class SpecRules {
    static final int MAX_CHANNELS = 65_536;
    static final int MAX_KERNEL = 11;

    private SpecRules() {
    }

    static void kernel(List<String> p, int k, String suggestion) {
        if (k < 1 || k > MAX_KERNEL) {
            p.add("kernel " + k + " is out of range; use " + suggestion);
        } else if (k % 2 == 0) {
            p.add("kernel " + k + " is not odd; use " + suggestion);
        }
    }

    static void stride(List<String> p, int s) {
        if (s != 1 && s != 2) {
            p.add("stride " + s + " is not 1 or 2");
        }
    }

    static void channels(List<String> p, String field, int c) {
        if (c < 1 || c > MAX_CHANNELS) {
            p.add(field + " " + c + " is out of range; use 1 to " + MAX_CHANNELS + " channels");
        }
    }

    /** A number as a person writes it: {@code 6} rather than {@code 6.0}. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
