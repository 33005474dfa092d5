package dev.tinyforge.deploy;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.PatchPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the time of one inference goes, op by op, as a firmware built with layer profiling measured it
 * ({@link BoardRunner#profileLayers}): what the fast-kernel work and the search's latency model read, per op
 * and per shape class (CONV_2D 1x1 against 3x3, a strided depthwise against a plain one).
 *
 * @param unit what the counts are: "instructions" (QEMU stand-in), "cycles" (a board's DWT or SysTick) or "ns"
 * @param layers one per op of the graph, in graph order
 * @param inference the whole timed inference of the profiled firmware, in {@code unit} (its ops, the input and
 *     output copies, and the profiling calls themselves)
 */
public record LayerProfile(String unit, List<Layer> layers, long inference) {

    public LayerProfile {
        layers = List.copyOf(layers);
    }

    /**
     * @param shapeClass the op kind with its kernel size and stride where it has them, e.g. {@code CONV_2D 1x1},
     *     {@code DEPTHWISE_CONV_2D 3x3/2}
     * @param patched whether the op runs patch by patch (its count includes the recomputed overlap)
     * @param count the op's instructions, cycles or ns in the last timed run
     */
    public record Layer(int op, String kind, String shapeClass, String output, long macs, boolean patched,
            long count) {
        /** Count per multiply-accumulate, or NaN for ops without MACs. */
        public double perMac() {
            return macs > 0 ? (double) count / macs : Double.NaN;
        }
    }

    /** The layers of one shape class together. */
    public record ClassTotal(String shapeClass, int layers, long macs, long count) {
        public double perMac() {
            return macs > 0 ? (double) count / macs : Double.NaN;
        }
    }

    /**
     * @param ticks per op, the timer ticks of the harness's {@code tfg layer} lines
     * @param perTick what one tick is worth in {@code unit}
     * @throws IllegalStateException when the firmware reported no times or not one per op
     */
    public static LayerProfile of(Graph g, PatchPlan patches, List<Long> ticks, double perTick, String unit,
            long inference) {
        if (ticks.size() != g.ops().size()) {
            throw new IllegalStateException("the profiled firmware of " + g.name() + " reported " + ticks.size()
                    + " op times for " + g.ops().size() + " ops");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < g.ops().size(); i++) {
            Op op = g.ops().get(i);
            layers.add(new Layer(i, op.kind().toString(), shapeClass(g, op), op.output(), g.macs(op),
                    patches != null && i < patches.ops(), Math.round(ticks.get(i) * perTick)));
        }
        return new LayerProfile(unit, layers, inference);
    }

    /** The kind, with kernel size (from the weights) and stride (from the shapes) for convolutions and pools. */
    static String shapeClass(Graph g, Op op) {
        String kind = op.kind().toString();
        if (!kind.contains("CONV") && !kind.contains("POOL")) {
            return kind;
        }
        Tensor in = g.tensor(op.input(0));
        Tensor out = g.tensor(op.output());
        if (in.shape().length != 4 || out.shape().length != 4) {
            return kind;
        }
        String size = "";
        if (op.inputs().size() > 1 && g.tensor(op.input(1)).shape().length == 4) {
            int[] w = g.tensor(op.input(1)).shape();
            size = " " + w[1] + "x" + w[2];
        }
        int stride = Math.max(1, Math.round((float) in.dim(1) / out.dim(1)));
        return kind + size + (stride > 1 ? "/" + stride : "");
    }

    /** Everything the ops took (the input and output copies outside them are not counted). */
    public long total() {
        return layers.stream().mapToLong(Layer::count).sum();
    }

    /** Per shape class, the largest total first. */
    public List<ClassTotal> byShapeClass() {
        Map<String, long[]> sums = new TreeMap<>();
        for (Layer l : layers) {
            long[] s = sums.computeIfAbsent(l.shapeClass(), k -> new long[3]);
            s[0]++;
            s[1] += l.macs();
            s[2] += l.count();
        }
        List<ClassTotal> out = new ArrayList<>();
        sums.forEach((k, s) -> out.add(new ClassTotal(k, (int) s[0], s[1], s[2])));
        out.sort((a, b) -> Long.compare(b.count(), a.count()));
        return out;
    }
}
