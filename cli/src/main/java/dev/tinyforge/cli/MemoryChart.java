package dev.tinyforge.cli;

import dev.tinyforge.util.PngCanvas;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The per-layer live-memory chart as a PNG: one bar per op in execution order (bytes live while it
 * runs), the arena size and, when given, the board's SRAM as horizontal lines. Pure Java2D, headless.
 */
final class MemoryChart {
    private MemoryChart() {
    }

    /**
     * @param labels one label per bar (op names), drawn for the peak only
     * @param budget the board's SRAM in bytes, or 0 for none
     */
    public static void png(String title, long[] live, List<String> labels, long arena, long budget, OutputStream out)
            throws IOException {
        int w = 1000;
        int h = 420;
        int left = 80;
        int right = 20;
        int top = 40;
        int bottom = 50;
        PngCanvas canvas = PngCanvas.white(w, h);
        Graphics2D g = canvas.graphics();
        long max = Math.max(1, Math.max(arena, budget));
        for (long l : live) {
            max = Math.max(max, l);
        }
        double yScale = (h - top - bottom) / (double) (max * 1.05);
        double barW = (w - left - right) / (double) Math.max(1, live.length);
        int peak = 0;
        for (int i = 0; i < live.length; i++) {
            peak = live[i] > live[peak] ? i : peak;
        }
        for (int i = 0; i < live.length; i++) {
            int bh = (int) Math.round(live[i] * yScale);
            g.setColor(i == peak ? new Color(0xC0392B) : new Color(0x2E86C1));
            g.fillRect(left + (int) (i * barW), h - bottom - bh, Math.max(1, (int) barW - 1), bh);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        line(g, new Color(0x1E8449), left, w - right, h - bottom - (int) Math.round(arena * yScale),
                "arena " + kib(arena));
        if (budget > 0) {
            line(g, new Color(0x7D3C98), left, w - right, h - bottom - (int) Math.round(budget * yScale),
                    "SRAM " + kib(budget));
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, h - bottom, w - right, h - bottom);
        g.drawLine(left, top, left, h - bottom);
        g.drawString("0", left - 20, h - bottom + 4);
        g.drawString(kib(max), 5, top + 10);
        g.drawString("ops in execution order (" + live.length + ")", left, h - bottom + 20);
        if (live.length > 0) {
            g.drawString("peak: " + (peak < labels.size() ? labels.get(peak) : "#" + peak) + ", " + kib(live[peak]),
                    left, h - bottom + 38);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 24);
        canvas.writePng(out);
    }

    private static void line(Graphics2D g, Color c, int x0, int x1, int y, String label) {
        g.setColor(c);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        g.drawLine(x0, y, x1, y);
        g.setStroke(new BasicStroke(1f));
        g.drawString(label, x1 - 120, y - 4);
    }

    private static String kib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
