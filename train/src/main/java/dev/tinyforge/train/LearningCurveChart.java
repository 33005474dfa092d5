package dev.tinyforge.train;

import dev.tinyforge.util.PngCanvas;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A training run's learning curves as a PNG: loss (left) and accuracy (right) per epoch, training
 * and validation; quantization-aware fine-tuning epochs on a shaded band labelled QAT. Java2D, headless.
 */
public final class LearningCurveChart {
    private LearningCurveChart() {
    }

    public static void png(String title, TrainingHistory history, OutputStream out) throws IOException {
        int w = 1000;
        int h = 420;
        PngCanvas canvas = PngCanvas.white(w, h);
        Graphics2D g = canvas.graphics();
        List<EpochRecord> e = history.epochs();
        panel(g, e, "loss", 60, 50, 420, 310, EpochRecord::trainLoss,
                r -> r.validationLoss() == null ? Double.NaN : r.validationLoss(), false);
        panel(g, e, "accuracy", 560, 50, 420, 310, EpochRecord::trainAccuracy,
                r -> r.validationAccuracy() == null ? Double.NaN : r.validationAccuracy(), true);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 10, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        legend(g, 60, h - 22, new Color(0x2E86C1), "training");
        legend(g, 180, h - 22, new Color(0xC0392B), "validation");
        canvas.writePng(out);
    }

    private static void panel(Graphics2D g, List<EpochRecord> e, String name, int x, int y, int w, int h,
            ToDoubleFunction<EpochRecord> train, ToDoubleFunction<EpochRecord> validation, boolean unit) {
        double lo = unit ? 0 : Double.MAX_VALUE;
        double hi = unit ? 1 : 0;
        if (!unit) {
            for (EpochRecord r : e) {
                for (double v : new double[] {train.applyAsDouble(r), validation.applyAsDouble(r)}) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            lo = lo == Double.MAX_VALUE ? 0 : Math.min(0, lo);
            hi = hi <= lo ? lo + 1 : hi * 1.05;
        }
        int firstQat = firstQat(e);
        if (firstQat >= 0) { // the fine-tuning epochs on a shaded band, so the jump from float is not read as noise
            int from = firstQat == 0 ? x : (xOf(firstQat - 1, e.size(), x, w) + xOf(firstQat, e.size(), x, w)) / 2;
            g.setColor(new Color(0xEEEEEE));
            g.fillRect(from, y, x + w - from, h);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString("QAT", from + 4, y + 14);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x, y, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(name, x, y - 6);
        g.drawString(unit ? "100%" : String.format("%.2f", hi), x - 45, y + 10);
        g.drawString(unit ? "0%" : String.format("%.2f", lo), x - 45, y + h);
        g.drawString("epoch 1", x, y + h + 16);
        g.drawString(String.valueOf(e.size()), x + w - 16, y + h + 16);
        curve(g, e, train, new Color(0x2E86C1), x, y, w, h, lo, hi);
        curve(g, e, validation, new Color(0xC0392B), x, y, w, h, lo, hi);
    }

    private static void curve(Graphics2D g, List<EpochRecord> e, ToDoubleFunction<EpochRecord> f, Color c, int x,
            int y, int w, int h, double lo, double hi) {
        g.setColor(c);
        g.setStroke(new BasicStroke(2f));
        int px = -1;
        int py = -1;
        for (int i = 0; i < e.size(); i++) {
            double v = f.applyAsDouble(e.get(i));
            if (!Double.isFinite(v)) {
                px = -1;
                continue;
            }
            int cx = xOf(i, e.size(), x, w);
            int cy = y + h - (int) Math.round((v - lo) / (hi - lo) * h);
            g.fillOval(cx - 3, cy - 3, 6, 6);
            if (px >= 0) {
                g.drawLine(px, py, cx, cy);
            }
            px = cx;
            py = cy;
        }
        g.setStroke(new BasicStroke(1f));
    }

    /** The index of the first quantization-aware epoch, or -1. */
    private static int firstQat(List<EpochRecord> e) {
        for (int i = 0; i < e.size(); i++) {
            if (e.get(i).qat()) {
                return i;
            }
        }
        return -1;
    }

    /** The horizontal position of epoch index {@code i} of {@code n} in a panel at {@code x}, {@code w} wide. */
    private static int xOf(int i, int n, int x, int w) {
        return x + (n == 1 ? w / 2 : (int) Math.round(i * (double) w / (n - 1)));
    }

    private static void legend(Graphics2D g, int x, int y, Color c, String label) {
        g.setColor(c);
        g.fillRect(x, y - 9, 20, 4);
        g.setColor(Color.BLACK);
        g.drawString(label, x + 26, y - 4);
    }
}
