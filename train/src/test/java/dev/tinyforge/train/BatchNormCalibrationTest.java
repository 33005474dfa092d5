package dev.tinyforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.data.ArrayDataset;
import dev.tinyforge.data.SimpleBatches;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** {@link BatchNormCalibration} moves the running statistics and nothing else, the same way twice. */
class BatchNormCalibrationTest {
    @Test
    void onlyTheRunningStatisticsMoveAndRepeatably() {
        ArrayDataset data = Quadrants.dataset("quadrants", 64, 16, 3, 1);
        Map<String, float[]> before = null;
        Map<String, float[]> first = null;
        for (int run = 0; run < 2; run++) {
            TorchNet net = TorchNet.lower(Zoo.get("resnet8").build(new ZooConfig(0.35, 16, 4, 3, 5)), TrainingHints.NONE);
            before = snapshot(net.state());
            BatchNormCalibration.recalibrate(net, new SimpleBatches(data, 16, 0, true), 3, 1);
            Map<String, float[]> after = snapshot(net.state());
            int moved = 0;
            for (Map.Entry<String, float[]> e : before.entrySet()) {
                boolean statistic = e.getKey().endsWith("/bn/mean") || e.getKey().endsWith("/bn/variance");
                boolean same = Arrays.equals(e.getValue(), after.get(e.getKey()));
                if (statistic) {
                    moved += same ? 0 : 1;
                } else {
                    assertTrue(same, e.getKey() + " changed");
                }
            }
            assertTrue(moved > 10, moved + " running statistics moved");
            if (first == null) {
                first = after;
            } else {
                for (String k : first.keySet()) {
                    assertArrayEquals(first.get(k), after.get(k), k);
                }
            }
        }
        assertFalse(before.isEmpty());
    }

    private static Map<String, float[]> snapshot(Map<String, Tensor> state) {
        Map<String, float[]> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, TorchTensors.floats(v)));
        return out;
    }
}
