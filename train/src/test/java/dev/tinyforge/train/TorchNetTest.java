package dev.tinyforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import dev.tinyforge.zoo.ZooModel;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class TorchNetTest {
    private static final ZooModel MNAS = Exactness.withRandomStatistics(
            Zoo.get("mnasnet-a1").build(new ZooConfig(0.35, 16, 5, 3, 4)), 2);

    @Test
    void untrainedWriteBackGivesTheSameNumbersBack() {
        TorchNet net = TorchNet.lower(MNAS, TrainingHints.NONE);
        assertArrayEquals(Weights.bytes(MNAS), Weights.bytes(net.writeBack()),
                "the IR -> torch -> IR layouts are not inverse");
    }

    @Test
    void oneDnnOnlyBelowAvx512() {
        assertTrue(TorchNet.oneDnnCappedBelowAvx512("AVX2"));
        assertTrue(TorchNet.oneDnnCappedBelowAvx512("avx2_vnni"));
        assertTrue(TorchNet.oneDnnCappedBelowAvx512("SSE41"));
        assertFalse(TorchNet.oneDnnCappedBelowAvx512(null));
        assertFalse(TorchNet.oneDnnCappedBelowAvx512("AVX512_CORE"));
        assertFalse(TorchNet.oneDnnCappedBelowAvx512("AVX10_1_512_AMX"));
        assertFalse(TorchNet.oneDnnCappedBelowAvx512("ALL"));
        // the build caps oneDNN (pom.xml), so the exactness tests run the convolutions training uses
        TorchNet.lower(MNAS, TrainingHints.NONE);
        assertEquals("AVX2", System.getenv("ONEDNN_MAX_CPU_ISA"));
        assertTrue(torch.globalContext().userEnabledMkldnn(), "oneDNN capped at AVX2 is not in use");
    }

    @Test
    void decaysWeightsButNotBiasesOrBatchNorms() {
        TorchNet net = TorchNet.lower(MNAS, TrainingHints.NONE);
        for (Parameter p : net.parameters()) {
            boolean weights = p.name().endsWith("/filter") || p.name().endsWith("/weights");
            assertEquals(weights, p.decay(), p.name());
        }
        // the squeeze-excitation convolutions have no batch norm: their biases train
        assertTrue(net.parameters().stream().anyMatch(p -> p.name().endsWith("/se/reduce/bias")));
        // convolutions followed by a batch norm keep their (zero) bias fixed
        assertTrue(MNAS.graph().tensor("stem/bias").isConstant());
        assertFalse(net.parameters().stream().anyMatch(p -> p.name().equals("stem/bias")));
        assertEquals(2 * MNAS.batchNorms().size(),
                net.parameters().stream().filter(p -> p.name().contains("/bn/")).count());
    }

    @Test
    void dropoutOnlyWhileTraining() {
        assertEquals(0.2, TrainingHints.of(Zoo.get("mnasnet-a1").spec()).dropout());
        TorchNet net = TorchNet.lower(MNAS, TrainingHints.of(Zoo.get("mnasnet-a1").spec()));
        TorchNet plain = TorchNet.lower(MNAS, TrainingHints.NONE);
        float[] x = new float[8 * 16 * 16 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.abs(Math.sin(i));
        }
        assertFalse(Arrays.equals(logits(net, x, true, 1), logits(net, x, true, 2)), "no dropout in training");
        assertArrayEquals(logits(net, x, false, 1), logits(net, x, false, 2), "dropout in evaluation");
        assertArrayEquals(logits(plain, x, true, 1), logits(plain, x, true, 2), "dropout without hints");
    }

    private static float[] logits(TorchNet net, float[] x, boolean training, long seed) {
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            torch.manual_seed(seed);
            Tensor in = BatchTensors.input(x, 8, new int[] {1, 16, 16, 3});
            return TorchTensors.floats(net.forward(List.of(in), training).get(TorchNet.LOGITS));
        }
    }

    @Test
    void refusesInputsOfAnotherShape() {
        TorchNet net = TorchNet.lower(MNAS, TrainingHints.NONE);
        try (PointerScope scope = new PointerScope()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> net.forward(List.of(torch.zeros(2, 3, 32, 32)), false));
            assertTrue(e.getMessage().contains("[1, 16, 16, 3]"), e.getMessage());
        }
        assertEquals(5, net.classes());
        assertEquals(16, net.fingerprint().length());
        assertFalse(net.fingerprint().equals(TorchNet.lower(Zoo.get("mnasnet-a1").build(
                new ZooConfig(0.35, 16, 6, 3, 4)), TrainingHints.NONE).fingerprint()));
        assertEquals(net.fingerprint(), TorchNet.lower(Zoo.get("mnasnet-a1").build(
                new ZooConfig(0.35, 16, 5, 3, 99)), TrainingHints.NONE).fingerprint(), "the seed is not structure");
    }
}
