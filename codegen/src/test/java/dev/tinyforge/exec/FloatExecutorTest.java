package dev.tinyforge.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.Add;
import dev.tinyforge.ops.AveragePool2d;
import dev.tinyforge.ops.BroadcastOp;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.HardSwish;
import dev.tinyforge.ops.Mean;
import dev.tinyforge.ops.Mul;
import dev.tinyforge.ops.Pad;
import dev.tinyforge.ops.Pool2d;
import dev.tinyforge.ops.Relu;
import dev.tinyforge.ops.ResizeNearestNeighbor;
import dev.tinyforge.ops.Softmax;
import dev.tinyforge.ops.Transpose;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Float kernels against hand-computed values (and, in the runtime module, against TFLite itself). */
class FloatExecutorTest {

    private static float[] run(Graph g, float[] x) {
        return new FloatExecutor(g).run(List.of(x)).get(0);
    }

    private static float[] iota(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
        }
        return v;
    }

    @Test
    void conv2x2Stride2SamePadsAfterOnly() {
        // 3x3x1 input 1..9, 2x2 kernel of ones, stride 2, SAME: out 2x2, total pad 1, all after.
        GraphBuilder b = new GraphBuilder("c");
        b.input("x", new int[] {1, 3, 3, 1}, DType.FLOAT32, null);
        b.tensor(Tensor.constFloat("w", new int[] {1, 2, 2, 1}, new float[] {1, 1, 1, 1}));
        b.tensor(Tensor.constFloat("b", new int[] {1}, new float[] {0.5f}));
        b.add(Conv2d.OP, new Conv2d.Params(2, 2, 1, 1, Padding.SAME, Activation.NONE), List.of("x", "w", "b"),
                "y");
        b.output("y");
        // windows: (1+2+4+5), (3+6), (7+8), (9), each + 0.5
        assertArrayEquals(new float[] {12.5f, 9.5f, 15.5f, 9.5f}, run(b.build(), iota(9)));
    }

    @Test
    void dilatedDepthwiseWithMultiplier() {
        // 1x5x1x1 column... use 1x1x5x1 row 1..5, kernel 1x2 dilation 2, multiplier 2 (weights 1 and -1)
        GraphBuilder b = new GraphBuilder("d");
        b.input("x", new int[] {1, 1, 5, 1}, DType.FLOAT32, null);
        b.tensor(Tensor.constFloat("w", new int[] {1, 1, 2, 2}, new float[] {1, -1, 1, -1}));
        b.tensor(Tensor.constFloat("b", new int[] {2}, new float[] {0, 100}));
        b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(1, 1, 1, 2, Padding.VALID, 2, Activation.NONE),
                List.of("x", "w", "b"), "y");
        b.output("y");
        // out x: 0..2, taps x and x+2: channel 0 = x[i]+x[i+2], channel 1 = 100 - (x[i]+x[i+2])
        assertArrayEquals(new float[] {4, 96, 6, 94, 8, 92}, run(b.build(), iota(5)));
    }

    @Test
    void groupedConvolutionReadsItsOwnGroup() {
        GraphBuilder b = new GraphBuilder("g");
        b.input("x", new int[] {1, 1, 1, 4}, DType.FLOAT32, null);
        // 2 groups of 2 input channels, 2 outputs (one per group), all weights 1
        b.tensor(Tensor.constFloat("w", new int[] {2, 1, 1, 2}, new float[] {1, 1, 1, 1}));
        b.tensor(Tensor.constFloat("b", new int[] {2}, new float[2]));
        b.add(Conv2d.OP, new Conv2d.Params(1, 1, 1, 1, Padding.VALID, Activation.NONE), List.of("x", "w", "b"),
                "y");
        b.output("y");
        assertArrayEquals(new float[] {3, 7}, run(b.build(), iota(4)));
    }

    @Test
    void averagePoolCountsOnlyInBoundsValues() {
        GraphBuilder b = new GraphBuilder("p");
        b.input("x", new int[] {1, 2, 2, 1}, DType.FLOAT32, null);
        b.add(AveragePool2d.OP, new Pool2d.Params(3, 3, 1, 1, Padding.SAME, Activation.NONE), List.of("x"),
                "y");
        b.output("y");
        // every 3x3 window centred on a 2x2 image covers all four values: mean 2.5 (not 10/9)
        assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f, 2.5f}, run(b.build(), iota(4)));
    }

    @Test
    void broadcastingMulAndReluFusedAdd() {
        GraphBuilder b = new GraphBuilder("m");
        b.input("x", new int[] {1, 2, 1, 3}, DType.FLOAT32, null);
        b.input("s", new int[] {1, 1, 1, 3}, DType.FLOAT32, null);
        b.add(Mul.OP, new BroadcastOp.Params(Activation.NONE), List.of("x", "s"), "m");
        b.add(Add.OP, new BroadcastOp.Params(Activation.RELU6), List.of("m", "x"), "y");
        b.output("y");
        float[] y = new FloatExecutor(b.build()).run(List.of(iota(6), new float[] {-2, 0, 1})).get(0);
        // m = x*s: -2,0,3,-8,0,6 ; + x: -1,2,6,-4,5,12 ; relu6
        assertArrayEquals(new float[] {0, 2, 6, 0, 5, 6}, y);
    }

    @Test
    void resizeNearestFollowsTflitesIndexArithmetic() {
        // in 3, out 5: plain floor(i*3/5) = 0,0,1,1,2; align corners round(i*2/4) = 0,1,1,2,2
        // (round half away from zero: 0.5 -> 1, 1.5 -> 2); half pixel floor((i+0.5)*0.6) = 0,0,1,2,2
        assertEquals(List.of(0, 0, 1, 1, 2), indices(false, false));
        assertEquals(List.of(0, 1, 1, 2, 2), indices(true, false));
        assertEquals(List.of(0, 0, 1, 2, 2), indices(false, true));
    }

    private static List<Integer> indices(boolean align, boolean half) {
        List<Integer> l = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            l.add(dev.tinyforge.ops.ResizeNearestNeighbor.sourceIndex(i, 3, 5, align, half));
        }
        return l;
    }

    @Test
    void meanPadTransposeSoftmaxHardSwish() {
        GraphBuilder b = new GraphBuilder("t");
        b.input("x", new int[] {1, 2, 3, 1}, DType.FLOAT32, null);
        b.add(Transpose.OP, new Transpose.Params(new int[] {0, 2, 1, 3}), List.of("x"), "t");
        b.add(Pad.OP, new Pad.Params(new int[] {0, 0, 0, 1, 0, 0, 0, 0}), List.of("t"), "p");
        b.add(Mean.OP, new Mean.Params(new int[] {2}, false), List.of("p"), "m");
        b.add(HardSwish.OP, new OpParams.None(), List.of("m"), "h");
        b.output("h");
        Graph g = b.build();
        java.util.Map<String, float[]> all = new FloatExecutor(g).runAll(List.of(iota(6)));
        // x rows (1 2 3)(4 5 6) -> transposed rows (1 4)(2 5)(3 6) -> padded bottom row (0 0)
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, all.get("t"));
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6, 0, 0}, all.get("p"));
        assertArrayEquals(new float[] {2.5f, 3.5f, 4.5f, 0}, all.get("m"));
        assertEquals(2.5f * 5.5f / 6, all.get("h")[0], 1e-6f);
        assertEquals(3.5f, all.get("h")[1], 1e-6f); // x >= 3: hard swish is the identity
        GraphBuilder s = new GraphBuilder("s");
        s.input("x", new int[] {1, 3}, DType.FLOAT32, null);
        s.add(Softmax.OP, new Softmax.Params(2f), List.of("x"), "y");
        s.output("y");
        float[] p = run(s.build(), new float[] {0, 0.5f, 1});
        double z = 1 + Math.E + Math.E * Math.E;
        assertEquals(1 / z, p[0], 1e-6);
        assertEquals(Math.E * Math.E / z, p[2], 1e-6);
    }

    @Test
    void convMatchesADirectFormulaOnRandomShapes() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int h = 3 + rnd.nextInt(6);
            int w = 3 + rnd.nextInt(6);
            int cin = 1 + rnd.nextInt(4);
            int cout = 1 + rnd.nextInt(4);
            int k = 1 + rnd.nextInt(3);
            int s = 1 + rnd.nextInt(2);
            Padding pad = rnd.nextBoolean() ? Padding.SAME : Padding.VALID;
            float[] x = new float[h * w * cin];
            float[] wt = new float[cout * k * k * cin];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextDouble(-1, 1);
            }
            for (int i = 0; i < wt.length; i++) {
                wt[i] = (float) rnd.nextDouble(-1, 1);
            }
            GraphBuilder b = new GraphBuilder("r");
            b.input("x", new int[] {1, h, w, cin}, DType.FLOAT32, null);
            b.tensor(Tensor.constFloat("w", new int[] {cout, k, k, cin}, wt));
            b.tensor(Tensor.constFloat("b", new int[] {cout}, new float[cout]));
            Tensor y = b.add(Conv2d.OP, new Conv2d.Params(s, s, 1, 1, pad, Activation.NONE),
                    List.of("x", "w", "b"), "y");
            b.output("y");
            float[] out = run(b.build(), x);
            int oh = y.dim(1);
            int ow = y.dim(2);
            int pt = pad.padBefore(h, k, s, 1);
            int pl = pad.padBefore(w, k, s, 1);
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int co = 0; co < cout; co++) {
                        double acc = 0;
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                for (int ci = 0; ci < cin; ci++) {
                                    int iy = oy * s - pt + ky;
                                    int ix = ox * s - pl + kx;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                        acc += x[(iy * w + ix) * cin + ci] * wt[((co * k + ky) * k + kx) * cin + ci];
                                    }
                                }
                            }
                        }
                        assertEquals(acc, out[(oy * ow + ox) * cout + co], 1e-4, "trial " + trial);
                    }
                }
            }
        }
    }

    @Test
    void wrongInputSizeNamesTheInput() {
        GraphBuilder b = new GraphBuilder("w");
        b.input("x", new int[] {1, 4}, DType.FLOAT32, null);
        b.add(Relu.OP, new OpParams.None(), List.of("x"), "y");
        b.output("y");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FloatExecutor(b.build()).run(List.of(new float[3])));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("4") && e.getMessage().contains("3"),
                e.getMessage());
    }
}
