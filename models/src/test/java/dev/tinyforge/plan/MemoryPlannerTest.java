package dev.tinyforge.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.Add;
import dev.tinyforge.ops.BroadcastOp;
import dev.tinyforge.ops.Conv2d;
import dev.tinyforge.ops.DepthwiseConv2d;
import dev.tinyforge.ops.Relu;
import dev.tinyforge.target.Target;
import dev.tinyforge.zoo.Architecture;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryPlannerTest {
    private static final Target HOST = Target.host();


    /** No two buffers live at the same time share a byte; the arena covers every buffer. */
    static void assertValid(MemoryPlan plan) {
        List<Buffer> bs = plan.buffers();
        for (int i = 0; i < bs.size(); i++) {
            Buffer a = bs.get(i);
            long ao = plan.offsets().get(a.name());
            assertTrue(ao % MemoryPlanner.ALIGN == 0 && ao + a.bytes() <= plan.arenaBytes(), a.name());
            for (int j = i + 1; j < bs.size(); j++) {
                Buffer b = bs.get(j);
                long bo = plan.offsets().get(b.name());
                boolean space = ao < bo + b.bytes() && bo < ao + a.bytes();
                boolean tied = plan.ties().stream().anyMatch(t -> Set.of(t.input(), t.output())
                        .equals(Set.of(a.name(), b.name())));
                assertTrue(tied || !(a.overlapsInTime(b) && space && a.bytes() > 0 && b.bytes() > 0),
                        plan.strategy() + ": " + a + " and " + b + " collide");
            }
        }
        long lowerBound = 0;
        for (long l : plan.liveBytes()) {
            lowerBound = Math.max(lowerBound, l);
        }
        assertTrue(plan.arenaBytes() >= lowerBound);
    }

    @Test
    void zooPlansAreValidAndBeatTflmGreedyWhereThereIsDepthwise() {
        for (Architecture a : Zoo.all()) {
            Graph g = a.build(new ZooConfig(0.35, 96, 10, 1, 3)).graph();
            MemoryPlan naive = MemoryPlanner.naive(g, HOST);
            MemoryPlan greedy = MemoryPlanner.plan(g, HOST, MemoryPlanner.Options.tflmGreedy());
            MemoryPlan noInPlace = MemoryPlanner.plan(g, HOST, MemoryPlanner.Options.withoutInPlace());
            MemoryPlan best = MemoryPlanner.plan(g);
            for (MemoryPlan p : List.of(naive, greedy, noInPlace, best)) {
                assertValid(p);
            }
            assertTrue(greedy.arenaBytes() <= naive.arenaBytes(), a.name());
            assertTrue(noInPlace.arenaBytes() <= greedy.arenaBytes(), a.name());
            assertTrue(best.arenaBytes() <= noInPlace.arenaBytes(), a.name());
            boolean depthwise = g.ops().stream().anyMatch(op -> op.kind() == DepthwiseConv2d.OP);
            if (depthwise) {
                assertTrue(best.arenaBytes() < greedy.arenaBytes(), a.name() + ": " + best.arenaBytes() + " vs "
                        + greedy.arenaBytes());
                assertTrue(!best.scratchOf().isEmpty(), a.name());
            }
            MemoryPlan again = MemoryPlanner.plan(g);
            assertEquals(best.offsets(), again.offsets(), "deterministic");
            assertTrue(java.util.Arrays.equals(best.order(), again.order()), "deterministic");
        }
    }

    @Test
    void depthwiseRunsInPlaceWithOneChannelOfScratch() {
        GraphBuilder b = new GraphBuilder("dw");
        b.input("x", new int[] {1, 8, 8, 16}, DType.INT8, null);
        b.tensor(Tensor.constFloat("w", new int[] {1, 3, 3, 16}, new float[144]));
        b.tensor(Tensor.constFloat("b", new int[] {16}, new float[16]));
        b.add(DepthwiseConv2d.OP, new DepthwiseConv2d.Params(1, 1, 1, 1, Padding.SAME, 1, Activation.RELU6),
                List.of("x", "w", "b"), "y");
        MemoryPlan p = MemoryPlanner.plan(b.output("y").build());
        assertTrue(p.inPlace().contains(0));
        assertEquals(p.offset("x"), p.offset("y"));
        assertEquals(8 * 8 * 16 + 8 * 8, p.arenaBytes()); // the tensor plus one channel of scratch
    }

    @Test
    void anExpanding1x1ConvolutionOverlapsItsInput() {
        GraphBuilder b = new GraphBuilder("expand");
        b.input("x", new int[] {1, 8, 8, 4}, DType.INT8, null);
        conv(b, "x", "e", 24);
        b.add(Relu.OP, new OpParams.None(), List.of("e"), "y");
        MemoryPlan p = MemoryPlanner.plan(b.output("y").build());
        assertValid(p);
        // output 64 px x 24 B; the input starts 64*24 - 63*4 = 1284 B above it and ends 4 B past the output
        assertEquals(1284, p.offset("x") - p.offset("e"));
        assertEquals(64 * 24 + 4, p.arenaBytes());
        assertEquals(1284, InPlace.pointwiseShift(64, 4, 24));
        assertEquals(4, InPlace.pointwiseShift(64, 24, 4)); // projecting: one output pixel below
    }

    @Test
    void aGraphInputReadTwiceIsNotOverwrittenByItsFirstReader() {
        GraphBuilder b = new GraphBuilder("res");
        b.input("x", new int[] {1, 4, 4, 8}, DType.INT8, null);
        b.add(Relu.OP, new OpParams.None(), List.of("x"), "r");
        b.add(Add.OP, new BroadcastOp.Params(Activation.NONE), List.of("r", "x"), "y");
        MemoryPlan p = MemoryPlanner.plan(b.output("y").build());
        assertTrue(!p.inPlace().contains(0), "x is still read by the ADD");
        assertTrue(p.offset("r") != p.offset("x"));
        assertTrue(p.inPlace().contains(1), "the ADD may overwrite one of its dying inputs");
        assertValid(p);
    }

    @Test
    void branchOrderIsChosenToLowerThePeak() {
        // x feeds two branches, each widening to 64 channels and narrowing back to 2. The graph lists
        // both wide convolutions before either narrowing one, so the two wide tensors are live together;
        // finishing one branch before starting the other keeps only one wide tensor live.
        GraphBuilder b = new GraphBuilder("branches");
        b.input("x", new int[] {1, 8, 8, 4}, DType.INT8, null);
        conv(b, "x", "a", 64);
        conv(b, "x", "b1", 2);
        conv(b, "b1", "b2", 64);
        conv(b, "a", "a2", 2);
        conv(b, "b2", "b3", 2);
        b.add(Add.OP, new BroadcastOp.Params(Activation.NONE), List.of("a2", "b3"), "y");
        Graph g = b.output("y").build();
        MemoryPlan graphOrder = MemoryPlanner.plan(g, HOST, new MemoryPlanner.Options(true, false,
                List.of(Placement.values())));
        MemoryPlan best = MemoryPlanner.plan(g);
        assertValid(best);
        assertTrue(best.arenaBytes() < graphOrder.arenaBytes(), best.arenaBytes() + " vs " + graphOrder.arenaBytes());
        assertTrue(best.strategy().contains("memory-greedy order"), best.strategy());
        int[] order = best.order();
        for (int i = 0; i < order.length; i++) {
            Op op = g.ops().get(order[i]);
            for (String in : op.inputs()) {
                Op producer = g.producer(in);
                if (producer != null) {
                    int pos = java.util.stream.IntStream.range(0, order.length)
                            .filter(k -> g.ops().get(order[k]) == producer).findFirst().orElseThrow();
                    assertTrue(pos < i, "topological");
                }
            }
        }
    }

    private static void conv(GraphBuilder b, String in, String out, int cout) {
        int cin = b.tensor(in).dim(3);
        b.tensor(Tensor.constFloat(out + "/w", new int[] {cout, 1, 1, cin}, new float[cout * cin]));
        b.tensor(Tensor.constFloat(out + "/b", new int[] {cout}, new float[cout]));
        b.add(Conv2d.OP, new Conv2d.Params(1, 1, 1, 1, Padding.SAME, Activation.NONE),
                List.of(in, out + "/w", out + "/b"), out);
    }
}
