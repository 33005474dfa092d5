package dev.tinyforge.quant;

/** Observed float range of a tensor over calibration inputs. */
public record Range(float min, float max) {

    public Range {
        if (!(min <= max) || Float.isNaN(min) || Float.isNaN(max)) {
            throw new IllegalArgumentException("range needs min <= max and no NaN, got [" + min + ", " + max + "]");
        }
    }

    public Range union(Range other) {
        return new Range(Math.min(min, other.min), Math.max(max, other.max));
    }

    /** The range of the values in an array. */
    public static Range of(float[] values) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isNaN(v)) {
                throw new IllegalArgumentException("NaN in calibration values");
            }
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (values.length == 0) {
            return new Range(0, 0);
        }
        return new Range(lo, hi);
    }
}
