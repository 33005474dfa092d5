package dev.tinyforge.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZooTest {

    /**
     * Published parameter and MAC counts at paper configuration, within 2%. Parameters are counted
     * after batch-norm folding (one bias per normalised channel); see each architecture's javadoc.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // name, published params, published MACs (source)
        "mobilenetv2, 3504872, 300800000", // torchvision (counts BN's 2 per channel), paper Table 3
        "mnasnet-a1, 3900000, 312000000", // MnasNet paper Table 1 / README
        "mcunet, 740000, 81800000", // MCUNet README, mcunet-in3 (320 KB / 1 MB)
        "mcunet-vww1, 430000, 11600000", // MCUNet README, mcunet-vww1
        "proxyless_mobile, 4100000, 320000000", // ProxylessNAS paper, mobile
        "resnet8, 78666, 12500000", // MLPerf Tiny ResNet-8 (Keras count incl. BN statistics)
    })
    void paramsAndMacsMatchPublishedFigures(String name, long params, long macs) {
        Architecture a = Zoo.get(name);
        Graph g = a.build(a.defaultConfig()).graph();
        assertEquals(params, g.params(), params * 0.02, name + " params");
        assertEquals(macs, g.macs(), macs * 0.02, name + " MACs");
    }

    @Test
    void exactCountsAreStable() {
        // Measured by this implementation; pinned so that an accidental architecture change shows.
        Graph m = Zoo.get("mobilenetv2").build(Zoo.get("mobilenetv2").defaultConfig()).graph();
        assertEquals(3_487_816, m.params());
        assertEquals(300_774_272, m.macs());
        // torchvision's 3,504,872 = ours + one extra BN parameter for each of the 17,056 normalised channels
        assertEquals(17_056, 3_504_872 - m.params());
    }

    @Test
    void everyEntryBuildsAtMcuScaleWithOneChannel() {
        for (Architecture a : Zoo.all()) {
            ZooModel model = a.build(new ZooConfig(0.35, 96, 10, 1, 3));
            Graph g = model.graph();
            assertArrayEquals(new int[] {1, 96, 96, 1}, g.input(0).shape(), a.name());
            assertArrayEquals(new int[] {1, 10}, g.output(0).shape(), a.name());
            assertTrue(model.batchNorms().size() > 5, a.name());
            assertEquals(a.name(), g.metadata().get("arch"));
            assertTrue(g.macs() < a.build(a.defaultConfig()).graph().macs() || a.name().equals("resnet8"), a.name());
        }
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        Architecture a = Zoo.get("mnasnet-a1");
        ZooConfig c = new ZooConfig(0.5, 64, 10, 3, 9);
        Graph g1 = a.build(c).graph();
        Graph g2 = a.build(c).graph();
        Graph g3 = a.build(c.withSeed(10)).graph();
        for (Tensor t : g1.tensors()) {
            if (t.isConstant()) {
                assertArrayEquals(t.data(), g2.tensor(t.name()).data(), t.name());
            }
        }
        assertNotEquals(java.util.Arrays.toString(g1.tensor("stem/filter").floats()),
                java.util.Arrays.toString(g3.tensor("stem/filter").floats()));
    }

    @Test
    void widthScalesChannelsLikeMobileNetV2() {
        assertEquals(16, NetBuilder.makeDivisible(32 * 0.35, 8));
        assertEquals(8, NetBuilder.makeDivisible(16 * 0.35, 8));
        assertEquals(24, NetBuilder.makeDivisible(24 * 1.0, 8));
        assertEquals(112, NetBuilder.makeDivisible(96 * 1.2, 8));
    }

    @Test
    void badConfigurationsNameTheField() {
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> new ZooConfig(-1, 96, 10, 3, 0));
        assertTrue(w.getMessage().startsWith("width"), w.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ZooConfig(Double.NaN, 96, 10, 3, 0));
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> new ZooConfig(1, 4, 10, 3, 0));
        assertTrue(r.getMessage().startsWith("resolution"), r.getMessage());
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> Zoo.get("vgg16"));
        assertTrue(u.getMessage().contains("vgg16") && u.getMessage().contains("mobilenetv2"), u.getMessage());
    }
}
