package dev.tinyforge.plan;

/**
 * A spatial rectangle of an NHWC tensor, rows {@code [y0, y1)} and columns {@code [x0, x1)}: the part
 * of a tensor one patch computes or reads. Patch planning unions and clips these as it walks
 * receptive fields backwards.
 */
public record TileRect(int y0, int y1, int x0, int x1) {
    public TileRect {
        if (y1 <= y0 || x1 <= x0) {
            throw new IllegalArgumentException("empty tile rows [" + y0 + ", " + y1 + ") cols [" + x0 + ", " + x1 + ")");
        }
    }

    public int height() {
        return y1 - y0;
    }

    public int width() {
        return x1 - x0;
    }

    public long area() {
        return (long) height() * width();
    }

    /** The smallest rectangle holding both. */
    public TileRect union(TileRect o) {
        return o == null ? this : new TileRect(Math.min(y0, o.y0), Math.max(y1, o.y1), Math.min(x0, o.x0),
                Math.max(x1, o.x1));
    }

    public boolean contains(TileRect o) {
        return y0 <= o.y0 && o.y1 <= y1 && x0 <= o.x0 && o.x1 <= x1;
    }

    @Override
    public String toString() {
        return "rows [" + y0 + "," + y1 + ") cols [" + x0 + "," + x1 + ")";
    }
}
