package dev.tinyforge.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class TorchSmokeTest {
    @Test
    void libtorchLoadsAndAdds() {
        Tensor a = torch.ones(2, 3);
        Tensor b = a.add(a);
        assertEquals(12.0, b.sum().item_double(), 0);
    }
}
