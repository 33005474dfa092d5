package dev.tinyforge.quant;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates per-tensor min/max over calibration runs. It takes whatever a float executor reports
 * (every activation of one run), so it does not depend on which engine produced the values.
 */
public final class Calibrator {
    private final Map<String, Range> ranges = new LinkedHashMap<>();

    /** Adds one run's activations. */
    public void observe(Map<String, float[]> activations) {
        activations.forEach((name, values) -> ranges.merge(name, Range.of(values), Range::union));
    }

    /** Ranges seen so far, in the order tensors were first observed. */
    public Map<String, Range> ranges() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
    }
}
