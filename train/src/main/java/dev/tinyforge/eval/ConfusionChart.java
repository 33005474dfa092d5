package dev.tinyforge.eval;

import dev.tinyforge.util.PngCanvas;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The confusion matrix as a PNG: rows the true class, columns the predicted one, each cell shaded by
 * the share of its row and labelled with its count; the title carries top-1 accuracy. Java2D, headless.
 */
public final class ConfusionChart {
    private ConfusionChart() {
    }

    public static void png(Evaluation e, OutputStream out) throws IOException {
        int n = e.classNames().size();
        int cell = Math.max(28, Math.min(64, 640 / Math.max(1, n)));
        int left = 150;
        int top = 70;
        int w = left + n * cell + 30;
        int h = top + n * cell + 130;
        PngCanvas canvas = PngCanvas.white(w, h);
        Graphics2D g = canvas.graphics();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, cell / 4)));
        FontMetrics fm = g.getFontMetrics();
        for (int t = 0; t < n; t++) {
            int support = Math.max(1, e.support(t));
            for (int p = 0; p < n; p++) {
                int count = e.confusion()[t][p];
                double share = (double) count / support;
                Color base = t == p ? new Color(0x1E8449) : new Color(0xC0392B);
                g.setColor(blend(Color.WHITE, base, share));
                int x = left + p * cell;
                int y = top + t * cell;
                g.fillRect(x, y, cell, cell);
                g.setColor(new Color(0xDDDDDD));
                g.drawRect(x, y, cell, cell);
                if (count > 0) {
                    String s = String.valueOf(count);
                    g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                    g.drawString(s, x + (cell - fm.stringWidth(s)) / 2, y + (cell + fm.getAscent()) / 2 - 2);
                }
            }
        }
        g.setColor(Color.BLACK);
        for (int c = 0; c < n; c++) {
            String name = e.classNames().get(c);
            g.drawString(name, left - 8 - fm.stringWidth(name), top + c * cell + (cell + fm.getAscent()) / 2 - 2);
            Graphics2D r = (Graphics2D) g.create();
            r.translate(left + c * cell + (cell + fm.getAscent()) / 2 - 2, top + n * cell + 8);
            r.rotate(Math.PI / 2);
            r.drawString(name, 0, 0);
            r.dispose();
        }
        g.drawString("true class (rows) / predicted class (columns)", left, h - 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(String.format("%s on %s (%s): top-1 %.2f%% of %d", e.model(), e.dataset(), e.backend(),
                100 * e.accuracy(), e.images()), 10, 24);
        canvas.writePng(out);
    }

    private static Color blend(Color a, Color b, double t) {
        double u = Math.max(0, Math.min(1, t));
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * u),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * u),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * u));
    }
}
