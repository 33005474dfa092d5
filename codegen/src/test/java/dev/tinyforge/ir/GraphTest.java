package dev.tinyforge.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ops.Add;
import dev.tinyforge.ops.BroadcastOp;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.MaxPool2d;
import dev.tinyforge.ops.Mul;
import dev.tinyforge.ops.Pool2d;
import dev.tinyforge.ops.Relu;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphTest {

    private static Tensor filter(String name, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return Tensor.constFloat(name, shape, new float[n]);
    }

    @Test
    void convShapesAndMacsFollowTheConvention() {
        GraphBuilder b = new GraphBuilder("t");
        b.input("x", new int[] {1, 15, 15, 8}, DType.FLOAT32, null);
        b.tensor(filter("w", 16, 3, 3, 8));
        b.tensor(filter("b", 16));
        Tensor y = b.add(Conv2d.OP, new Conv2d.Params(2, 2, 1, 1, Padding.SAME, Activation.RELU6),
                List.of("x", "w", "b"), "y");
        assertArrayEquals(new int[] {1, 8, 8, 16}, y.shape());
        b.tensor(filter("dw", 1, 3, 3, 32));
        b.tensor(filter("db", 32));
        // 3x3 with dilation 2 spans 5 pixels: VALID on 8 gives 4; multiplier 2 doubles 16 channels.
        Tensor z = b.add(DepthwiseConv2d.OP,
                new DepthwiseConv2d.Params(1, 1, 2, 2, Padding.VALID, 2, Activation.NONE),
                List.of("y", "dw", "db"), "z");
        assertArrayEquals(new int[] {1, 4, 4, 32}, z.shape());
        b.output("z");
        Graph g = b.build();
        long conv = 8L * 8 * 16 * 3 * 3 * 8;
        long dw = 4L * 4 * 32 * 3 * 3;
        assertEquals(conv + dw, g.macs());
        assertEquals(16 * 72 + 16 + 32 * 9 + 32, g.params());
    }

    @Test
    void samePaddingPutsTheSmallerHalfFirst() {
        // in 8, k 4, s 2: out 4, total (4-1)*2 + 4 - 8 = 2 -> before 1
        assertEquals(4, Padding.SAME.outputSize(8, 4, 2, 1));
        assertEquals(1, Padding.SAME.padBefore(8, 4, 2, 1));
        // in 7, k 3, s 2, dilation 2: effective 5, out 4, total 3*2+5-7 = 4 -> before 2
        assertEquals(2, Padding.SAME.padBefore(7, 3, 2, 2));
        assertEquals(3, Padding.VALID.outputSize(7, 3, 2, 1));
    }

    @Test
    void windowThatDoesNotFitIsRefusedWithItsName() {
        GraphBuilder b = new GraphBuilder("t");
        b.input("x", new int[] {1, 2, 2, 1}, DType.FLOAT32, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.add(MaxPool2d.OP, new Pool2d.Params(3, 3, 1, 1, Padding.VALID, Activation.NONE),
                        List.of("x"), "pool"));
        assertTrue(e.getMessage().contains("MAX_POOL_2D 'pool'"), e.getMessage());
    }

    @Test
    void readingATensorBeforeItIsProducedIsRefused() {
        Tensor x = Tensor.activation("x", new int[] {1, 4}, DType.FLOAT32, null);
        Tensor y = Tensor.activation("y", new int[] {1, 4}, DType.FLOAT32, null);
        Tensor z = Tensor.activation("z", new int[] {1, 4}, DType.FLOAT32, null);
        List<Op> ops = List.of(
                new Op(Add.OP, List.of("x", "z"), List.of("y"), new BroadcastOp.Params(Activation.NONE)),
                new Op(Relu.OP, List.of("y"), List.of("z"), new OpParams.None()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Graph("g", List.of(x, y, z), ops, List.of("x"), List.of("z"), java.util.Map.of()));
        assertTrue(e.getMessage().contains("reads 'z' before any op produces it"), e.getMessage());
    }

    @Test
    void broadcastingAndWrongParamsType() {
        GraphBuilder b = new GraphBuilder("t");
        b.input("a", new int[] {1, 4, 4, 8}, DType.FLOAT32, null);
        b.input("s", new int[] {1, 1, 1, 8}, DType.FLOAT32, null);
        assertArrayEquals(new int[] {1, 4, 4, 8},
                b.add(Mul.OP, new BroadcastOp.Params(Activation.NONE), List.of("a", "s"), "m").shape());
        assertThrows(IllegalArgumentException.class,
                () -> new Op(Add.OP, List.of("a", "s"), List.of("q"), new OpParams.None()));
    }
}
