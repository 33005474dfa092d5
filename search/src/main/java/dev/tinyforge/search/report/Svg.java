package dev.tinyforge.search.report;

import java.util.Locale;

/**
 * A chart drawn as inline SVG: a plot area with linear axes, ticks and labels, and the marks the
 * report needs (points, bars, lines, text). Text only, no script, so the report stays one
 * self-contained file that any browser shows, and the same inputs give the same bytes.
 */
final class Svg {
    static final int WIDTH = 760;
    static final int HEIGHT = 340;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    private final StringBuilder out = new StringBuilder();
    private final double x0;
    private final double x1;
    private final double y0;
    private final double y1;

    /** A chart over [x0, x1] × [y0, y1] (widened where a range is empty) with axis titles. */
    Svg(String title, String xTitle, double x0, double x1, String yTitle, double y0, double y1) {
        this(title, xTitle, x0, x1, false, yTitle, y0, y1);
    }

    /** The same, with whole-number ticks on x when {@code countX} (layers, evaluations). */
    Svg(String title, String xTitle, double x0, double x1, boolean countX, String yTitle, double y0, double y1) {
        this.x0 = x0;
        this.x1 = x1 > x0 ? x1 : x0 + 1;
        this.y0 = y0;
        this.y1 = y1 > y0 ? y1 : y0 + 1;
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(WIDTH / 2.0, 18, title, "middle", 13);
        for (int i = 0; i <= 4; i++) {
            double fx = this.x0 + (this.x1 - this.x0) * i / 4;
            double fy = this.y0 + (this.y1 - this.y0) * i / 4;
            line(px(fx), TOP, px(fx), HEIGHT - BOTTOM, "#eee", 1);
            line(LEFT, py(fy), WIDTH - RIGHT, py(fy), "#eee", 1);
            text(px(fx), HEIGHT - BOTTOM + 14, countX ? tick(Math.rint(fx)) : tick(fx), "middle", 11);
            text(LEFT - 6, py(fy) + 4, tick(fy), "end", 11);
        }
        line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#333", 1);
        line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#333", 1);
        text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 12, xTitle, "middle", 12);
        out.append("<text x=\"14\" y=\"").append(num((TOP + HEIGHT - BOTTOM) / 2.0))
                .append("\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 ")
                .append(num((TOP + HEIGHT - BOTTOM) / 2.0)).append(")\">").append(Html.escape(yTitle))
                .append("</text>\n");
    }

    double px(double x) {
        return LEFT + (x - x0) / (x1 - x0) * (WIDTH - LEFT - RIGHT);
    }

    double py(double y) {
        return HEIGHT - BOTTOM - (y - y0) / (y1 - y0) * (HEIGHT - TOP - BOTTOM);
    }

    /** A point at data coordinates, with a tooltip. */
    Svg point(double x, double y, double r, String fill, String tooltip) {
        out.append("<circle cx=\"").append(num(px(x))).append("\" cy=\"").append(num(py(y))).append("\" r=\"")
                .append(num(r)).append("\" fill=\"").append(fill).append("\" fill-opacity=\"0.8\"><title>")
                .append(Html.escape(tooltip)).append("</title></circle>\n");
        return this;
    }

    /** A ring around a point at data coordinates, labelled on the side with room (the winner). */
    Svg mark(double x, double y, String label) {
        out.append("<circle cx=\"").append(num(px(x))).append("\" cy=\"").append(num(py(y)))
                .append("\" r=\"9\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\"/>\n");
        boolean right = px(x) > (LEFT + WIDTH - RIGHT) / 2.0;
        text(px(x) + (right ? -12 : 12), py(y) - 8, label, right ? "end" : "start", 12);
        return this;
    }

    /** A vertical bar from the x axis at data coordinates, {@code width} data units wide. */
    Svg bar(double x, double width, double y, String fill, String tooltip) {
        double left = px(x);
        double w = Math.max(1, px(x + width) - left - 1);
        out.append("<rect x=\"").append(num(left)).append("\" y=\"").append(num(py(y))).append("\" width=\"")
                .append(num(w)).append("\" height=\"").append(num(py(y0) - py(y))).append("\" fill=\"").append(fill)
                .append("\"><title>").append(Html.escape(tooltip)).append("</title></rect>\n");
        return this;
    }

    /** A horizontal line across the plot at data y, labelled at its right end. */
    Svg level(double y, String color, String label) {
        line(LEFT, py(y), WIDTH - RIGHT, py(y), color, 1.5);
        text(WIDTH - RIGHT - 4, py(y) - 4, label, "end", 11);
        return this;
    }

    /** A polyline through data points {@code xs[i], ys[i]}. */
    Svg polyline(double[] xs, double[] ys, String color) {
        out.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.5\" points=\"");
        for (int i = 0; i < xs.length; i++) {
            out.append(num(px(xs[i]))).append(',').append(num(py(ys[i]))).append(' ');
        }
        out.append("\"/>\n");
        return this;
    }

    private void line(double ax, double ay, double bx, double by, String color, double width) {
        out.append("<line x1=\"").append(num(ax)).append("\" y1=\"").append(num(ay)).append("\" x2=\"").append(num(bx))
                .append("\" y2=\"").append(num(by)).append("\" stroke=\"").append(color).append("\" stroke-width=\"")
                .append(num(width)).append("\"/>\n");
    }

    private void text(double x, double y, String s, String anchor, int size) {
        out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"")
                .append(anchor).append("\" font-size=\"").append(size).append("\">").append(Html.escape(s))
                .append("</text>\n");
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String tick(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return a >= 10 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    @Override
    public String toString() {
        return out + "</svg>\n";
    }
}
