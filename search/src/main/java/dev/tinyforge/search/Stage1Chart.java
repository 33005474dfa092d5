package dev.tinyforge.search;

import dev.tinyforge.util.PngCanvas;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Stage 1's CDFs as a PNG, as MCUNet draws them: for each cell, the fraction of its fitting
 * sub-networks with at most x MACs. Every cell with fitting models is a thin grey line; the five that
 * rank highest (stage 1's rule, {@link CellResult#expectedMacs}) are coloured and named in the legend, the chosen one thickest. Java2D, headless.
 */
public final class Stage1Chart {
    private static final Color[] COLOURS = {new Color(0xC0392B), new Color(0x2E86C1), new Color(0x27AE60),
        new Color(0x8E44AD), new Color(0xD68910)};

    private Stage1Chart() {
    }

    public static void png(Stage1Result result, OutputStream out) throws IOException {
        int w = 1000;
        int h = 560;
        int px = 80;
        int py = 50;
        int pw = 600;
        int ph = 440;
        PngCanvas canvas = PngCanvas.white(w, h);
        Graphics2D g = canvas.graphics();
        List<CellResult> fitting = new ArrayList<>();
        long max = 1;
        for (CellResult c : result.cells()) {
            if (c.fitting() > 0) {
                fitting.add(c);
                max = Math.max(max, c.sortedMacs()[c.sortedMacs().length - 1]);
            }
        }
        double xmax = max / 1e6 * 1.05;
        g.setColor(Color.BLACK);
        g.drawRect(px, py, pw, ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Stage 1 on " + result.budget().board().id() + ": MACs of the sub-networks that fit, per cell ("
                + result.config().space().name() + ", " + result.config().samples() + " drawn per cell)", 10, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int t = 0; t <= 4; t++) {
            int y = py + ph - t * ph / 4;
            g.drawString(t * 25 + "%", px - 40, y + 4);
            int x = px + t * pw / 4;
            g.drawString(String.format(Locale.ROOT, "%.0f M", xmax * t / 4), x - 12, py + ph + 18);
        }
        g.drawString("MACs", px + pw / 2 - 15, py + ph + 36);
        g.drawString("fraction of fitting models with at most x MACs", px, py - 6);
        for (CellResult c : fitting) {
            curve(g, c, new Color(0xD5D8DC), 1f, px, py, pw, ph, xmax);
        }
        List<CellResult> top = new ArrayList<>(fitting);
        top.sort(Comparator.comparingDouble(CellResult::expectedMacs).reversed());
        top = top.subList(0, Math.min(COLOURS.length, top.size()));
        for (int i = top.size() - 1; i >= 0; i--) {
            CellResult c = top.get(i);
            curve(g, c, COLOURS[i], c == result.chosen() ? 3.5f : 2f, px, py, pw, ph, xmax);
        }
        int ly = py + 10;
        for (int i = 0; i < top.size(); i++) {
            CellResult c = top.get(i);
            g.setColor(COLOURS[i]);
            g.fillRect(px + pw + 20, ly + i * 22, 24, 4);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "w %s r %d: mean %.1f M, %.0f%% fit%s", c.width(), c.resolution(),
                    c.meanMacs() / 1e6, 100 * c.fitRatio(), c == result.chosen() ? " (chosen)" : ""),
                    px + pw + 50, ly + i * 22 + 6);
        }
        g.setColor(new Color(0x909497));
        g.fillRect(px + pw + 20, ly + top.size() * 22, 24, 2);
        g.setColor(Color.BLACK);
        g.drawString("the other " + (fitting.size() - top.size()) + " cells with fitting models", px + pw + 50,
                ly + top.size() * 22 + 6);
        canvas.writePng(out);
    }

    private static void curve(Graphics2D g, CellResult c, Color colour, float width, int px, int py, int pw, int ph,
            double xmax) {
        long[] macs = c.sortedMacs();
        g.setColor(colour);
        g.setStroke(new BasicStroke(width));
        int lastX = px;
        int lastY = py + ph;
        for (int i = 0; i < macs.length; i++) {
            int x = px + (int) Math.round(macs[i] / 1e6 / xmax * pw);
            int y = py + ph - (int) Math.round((i + 1) / (double) macs.length * ph);
            g.drawLine(lastX, lastY, x, lastY);
            g.drawLine(x, lastY, x, y);
            lastX = x;
            lastY = y;
        }
        g.setStroke(new BasicStroke(1f));
    }
}
