package dev.tinyforge.search;

import java.util.Locale;

/**
 * Time budgets as people write them: {@code 90s}, {@code 15m}, {@code 2h}, {@code 1h30m}, or plain
 * seconds.
 */
public final class Durations {
    private Durations() {
    }

    /**
     * @throws IllegalArgumentException naming the option and the accepted forms
     */
    public static double parseSeconds(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.matches("\\d+")) {
            return check(Long.parseLong(t), text);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?").matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("--time-budget '" + text + "': expected a duration such as 90s, 15m, 2h"
                    + " or 1h30m");
        }
        long s = 0;
        s += m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 3600;
        s += m.group(2) == null ? 0 : Long.parseLong(m.group(2)) * 60;
        s += m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        return check(s, text);
    }

    private static double check(long seconds, String text) {
        if (seconds < 1 || seconds > 30L * 24 * 3600) {
            throw new IllegalArgumentException("--time-budget '" + text + "': expected 1 s to 30 days");
        }
        return seconds;
    }

    /** {@code 15m}, {@code 1h30m}, {@code 45s}. */
    public static String format(double seconds) {
        long s = Math.round(seconds);
        StringBuilder sb = new StringBuilder();
        if (s >= 3600) {
            sb.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            sb.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0 || sb.length() == 0) {
            sb.append(s).append('s');
        }
        return sb.toString();
    }
}
