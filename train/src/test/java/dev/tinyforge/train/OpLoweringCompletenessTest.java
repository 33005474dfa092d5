package dev.tinyforge.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpRegistry;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.ops.Quantize;
import dev.tinyforge.zoo.Architecture;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every op kind any zoo architecture builds has a lowering; of the registry, only the int8 conversions lack one. */
class OpLoweringCompletenessTest {
    @Test
    void everyZooOpKindHasALowering() {
        Set<String> missing = new TreeSet<>();
        Set<String> used = new TreeSet<>();
        for (Architecture arch : Zoo.all()) {
            int channels = arch.defaultConfig().inputChannels();
            for (Op op : arch.build(new ZooConfig(0.35, 32, 10, channels, 1)).graph().ops()) {
                used.add(op.kind().name());
                if (!OpLowerings.kinds().contains(op.kind())) {
                    missing.add(arch.name() + ": " + op.kind());
                }
            }
        }
        assertTrue(missing.isEmpty(), "no lowering for " + missing);
        assertTrue(used.size() >= 9, "the zoo uses " + used);
    }

    @Test
    void onlyQuantizeAndDequantizeAreLeftOut() {
        Set<String> without = new TreeSet<>();
        for (OpType t : OpRegistry.all()) {
            if (!OpLowerings.kinds().contains(t)) {
                without.add(t.name());
            }
        }
        assertEquals(Set.of("DEQUANTIZE", "QUANTIZE"), without);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpLowerings.forKind(Quantize.OP));
        assertTrue(e.getMessage().contains("cannot express QUANTIZE") && e.getMessage().contains("CONV_2D"),
                e.getMessage());
    }
}
