package dev.tinyforge.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinyforge.ir.BatchNorm;
import dev.tinyforge.tflite.TfliteWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The spec path builds exactly what the per-family Java classes built: for every architecture at six
 * configurations, the same {@code .tflite} bytes of the float graph (names, shapes, weights, ops,
 * options, metadata) and the same batch norms. The old classes are kept verbatim as Legacy*.
 */
class LegacyEquivalenceTest {
    record Legacy(String name, String description, ZooConfig defaultConfig, Function<ZooConfig, ZooModel> build) {
    }

    static List<Legacy> legacy() {
        List<Legacy> all = new ArrayList<>();
        LegacyMobileNetV2 m = new LegacyMobileNetV2(false);
        all.add(new Legacy(m.name(), m.description(), m.defaultConfig(), m::build));
        LegacyMnasNet n = new LegacyMnasNet();
        all.add(new Legacy(n.name(), n.description(), n.defaultConfig(), n::build));
        for (LegacyMcuNet u : LegacyMcuNet.all()) {
            all.add(new Legacy(u.name(), u.description(), u.defaultConfig(), u::build));
        }
        LegacyResNet8 r = new LegacyResNet8();
        all.add(new Legacy(r.name(), r.description(), r.defaultConfig(), r::build));
        LegacyMobileNetV2 se = new LegacyMobileNetV2(true);
        all.add(new Legacy(se.name(), se.description(), se.defaultConfig(), se::build));
        return all;
    }

    @Test
    void everyArchitectureBuildsTheSameGraphAsBefore() {
        List<Legacy> old = legacy();
        List<Architecture> now = Zoo.all();
        assertEquals(old.size(), now.size());
        int compared = 0;
        for (int i = 0; i < old.size(); i++) {
            Legacy o = old.get(i);
            Architecture a = now.get(i);
            assertEquals(o.name(), a.name());
            assertEquals(o.description(), a.description());
            assertEquals(o.defaultConfig(), a.defaultConfig());
            Architecture viaJson = new Architecture(ArchitectureSpec.fromJson(a.spec().toJson(), a.name() + ".json"));
            for (ZooConfig c : List.of(o.defaultConfig(), new ZooConfig(0.35, 96, 10, 1, 3),
                    new ZooConfig(1.3, 64, 10, 3, 9), new ZooConfig(0.5, 48, 2, 3, 1), new ZooConfig(0.2, 40, 5, 3, 2),
                    new ZooConfig(0.75, 56, 7, 2, 4))) {
                ZooModel before = o.build().apply(c);
                for (ZooModel after : List.of(a.build(c), viaJson.build(c))) {
                    String what = a.name() + " " + c;
                    assertArrayEquals(TfliteWriter.write(before.graph()), TfliteWriter.write(after.graph()), what);
                    assertBatchNormsEqual(before.batchNorms(), after.batchNorms(), what);
                    compared++;
                }
            }
        }
        assertEquals(19 * 6 * 2, compared);
    }

    private static void assertBatchNormsEqual(Map<String, BatchNorm> a, Map<String, BatchNorm> b, String what) {
        assertEquals(List.copyOf(a.keySet()), List.copyOf(b.keySet()), what);
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).gamma(), b.get(k).gamma(), what + " " + k);
            assertArrayEquals(a.get(k).beta(), b.get(k).beta(), what + " " + k);
            assertEquals(a.get(k).epsilon(), b.get(k).epsilon(), what + " " + k);
        }
    }
}
