package dev.tinyforge.search;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.quant.Range;
import dev.tinyforge.zoo.ArchitectureSpec;
import dev.tinyforge.zoo.SpecBuilder;
import dev.tinyforge.zoo.ZooConfig;
import dev.tinyforge.zoo.ZooModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The int8 graph a spec really lowers to: {@link SpecBuilder} at width 1.0, then {@link QuantizePass}
 * with every activation range set to [-1, 1] (the ranges change scales, never shapes, ops or
 * in-place choices, so no calibration run is needed for memory and flash figures).
 */
public final class RealGraphs {
    private RealGraphs() {
    }

    public static Graph int8(ArchitectureSpec spec) {
        ZooModel m = SpecBuilder.build(spec, new ZooConfig(1.0, spec.resolution(), spec.classes(),
                spec.inputChannels(), 1));
        Map<String, Range> ranges = new LinkedHashMap<>();
        for (Tensor t : m.graph().tensors()) {
            if (!t.isConstant()) {
                ranges.put(t.name(), new Range(-1f, 1f));
            }
        }
        return QuantizePass.quantize(m.graph(), ranges, QuantizeOptions.defaults());
    }
}
