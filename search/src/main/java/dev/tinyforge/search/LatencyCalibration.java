package dev.tinyforge.search;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.deploy.BoardRunner;
import dev.tinyforge.deploy.LayerProfile;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.zoo.ArchitectureSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Fits a board's {@link LatencyModel} from measurements: each calibration network (a spec of a search
 * space) is lowered to its int8 graph, built into a firmware that times every op, and run on the
 * board's QEMU stand-in; the per-op instruction counts give each shape class's coefficients (least squares,
 * {@link #plane} and {@link #line}), and what the inference takes beyond its ops gives the fixed part. Held-out networks
 * are then built without profiling, and their measured instructions compared with the prediction.
 */
public final class LatencyCalibration {
    private LatencyCalibration() {
    }

    /** One network's op-by-op measurement, with the layers the spec says it has. */
    public record Sample(String name, List<SpecShapes.Layer> layers, LayerProfile profile) {
    }

    /** A held-out network: predicted against measured instructions. */
    public record Check(String name, long macs, double predicted, long measured) {
        public double relativeError() {
            return (predicted - measured) / measured;
        }
    }

    /** Profiles {@code spec} on the board's stand-in (one firmware build and QEMU run). */
    public static Sample profile(String name, ArchitectureSpec spec, BoardSpec board) throws IOException {
        Graph g = RealGraphs.int8(spec);
        List<SpecShapes.Layer> layers = shapes(name, spec, g);
        LayerProfile p = runner(name, g, board).profileLayers(List.of(input(g, name)));
        return new Sample(name, layers, p);
    }

    /** Measures {@code spec}'s whole inference (a plain firmware, as users build it) against the prediction. */
    public static Check check(String name, ArchitectureSpec spec, BoardSpec board, LatencyModel model)
            throws IOException {
        Graph g = RealGraphs.int8(spec);
        List<SpecShapes.Layer> layers = shapes(name, spec, g);
        long measured = runner(name, g, board).measure(List.of(input(g, name))).instructions();
        return new Check(name, g.macs(), model.instructions(layers), measured);
    }

    /** The least-squares model of {@code samples}. */
    public static LatencyModel fit(String board, List<Sample> samples) {
        Map<String, List<double[]>> points = new TreeMap<>(); // class -> {work, count}
        double outside = 0;
        for (Sample s : samples) {
            List<LayerProfile.Layer> measured = s.profile().layers();
            for (int i = 0; i < s.layers().size(); i++) {
                SpecShapes.Layer l = s.layers().get(i);
                points.computeIfAbsent(LatencyModel.shapeClass(l), k -> new ArrayList<>())
                        .add(new double[] {LatencyModel.work(l), l.outputBytes(), measured.get(i).count(), l.macs()});
            }
            outside += s.profile().inference() - s.profile().total();
        }
        Map<String, LatencyModel.Coefficients> classes = new LinkedHashMap<>();
        points.forEach((k, pts) -> classes.put(k, pts.get(0)[3] > 0 ? plane(pts) : line(pts)));
        return new LatencyModel(board, classes, samples.isEmpty() ? 0 : Math.max(0, outside / samples.size()));
    }

    /**
     * Ops with MACs: count = a·MACs + b·outputs by least squares through the origin (per-layer constants fitted
     * on a few layers per class came out unstable: 25% error on held-out networks); a·MACs alone when b would
     * be negative or the two never vary apart. Points are {work, outputs, count, macs}.
     */
    static LatencyModel.Coefficients plane(List<double[]> pts) {
        double xx = 0;
        double xo = 0;
        double oo = 0;
        double xy = 0;
        double oy = 0;
        for (double[] p : pts) {
            xx += p[0] * p[0];
            xo += p[0] * p[1];
            oo += p[1] * p[1];
            xy += p[0] * p[2];
            oy += p[1] * p[2];
        }
        double det = xx * oo - xo * xo;
        if (det > 1e-9 * xx * oo) {
            double a = (xy * oo - oy * xo) / det;
            double b = (oy * xx - xy * xo) / det;
            if (a >= 0 && b >= 0) {
                return new LatencyModel.Coefficients(a, b, 0);
            }
        }
        return new LatencyModel.Coefficients(xx > 0 ? xy / xx : 0, 0, 0);
    }

    /**
     * Ops without MACs: count = a·outputs + b by least squares; through the origin when b would be negative or
     * the outputs never vary. Points are {work, outputs, count, macs}.
     */
    static LatencyModel.Coefficients line(List<double[]> pts) {
        int n = pts.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (double[] p : pts) {
            sx += p[0];
            sy += p[2];
            sxx += p[0] * p[0];
            sxy += p[0] * p[2];
        }
        double det = n * sxx - sx * sx;
        if (n >= 2 && det > 1e-9 * n * sxx) {
            double a = (n * sxy - sx * sy) / det;
            double b = (sy - a * sx) / n;
            if (a >= 0 && b >= 0) {
                return new LatencyModel.Coefficients(a, 0, b);
            }
        }
        return new LatencyModel.Coefficients(sxx > 0 ? sxy / sxx : 0, 0, 0);
    }

    /** Calibration and held-out networks drawn from a space, at the given widths and resolutions. */
    public static List<ArchitectureSpec> draw(SearchSpace space, long seed, int count, double[] widths,
            int[] resolutions, int inputChannels) {
        return draw(space, seed, count, widths, resolutions, inputChannels, null);
    }

    /** The same, keeping only networks that fit {@code budget} (all of them when it is {@code null}). */
    public static List<ArchitectureSpec> draw(SearchSpace space, long seed, int count, double[] widths,
            int[] resolutions, int inputChannels, FitBudget budget) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<ArchitectureSpec> specs = new ArrayList<>();
        for (int i = 0; specs.size() < count; i++) {
            if (i > 100 * count) {
                throw new IllegalArgumentException("fewer than " + count + " networks of the " + space.name()
                        + " space fit " + budget.board().id() + " at these widths and resolutions");
            }
            ArchitectureSpec spec = space.sample(rnd, widths[i % widths.length],
                    resolutions[(i / widths.length) % resolutions.length], 10, inputChannels);
            if (budget == null || SampleFigures.of(spec, budget).fits()) {
                specs.add(spec);
            }
        }
        return specs;
    }

    /**
     * {@code bench/latency-model}: {@code BOARD CALIBRATE HELD_OUT SEED OUT.json}. Draws networks from both
     * spaces, fits on the first {@code CALIBRATE}, checks the next {@code HELD_OUT}, prints every figure and
     * writes the model.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: LatencyCalibration BOARD CALIBRATE HELD_OUT SEED OUT.json");
            System.exit(2);
        }
        BoardSpec board = dev.tinyforge.boards.Boards.get(args[0]);
        int calibrate = Integer.parseInt(args[1]);
        int heldOut = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        double[] widths = {0.35, 0.5, 0.75};
        int[] resolutions = {48, 64, 96};
        List<ArchitectureSpec> specs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<SearchSpace> spaces = SearchSpace.all();
        for (int s = 0; s < spaces.size(); s++) {
            List<ArchitectureSpec> drawn = draw(spaces.get(s), seed + s, calibrate + heldOut, widths, resolutions, 3,
                    FitBudget.of(board));
            for (int i = 0; i < drawn.size(); i++) {
                specs.add(drawn.get(i));
                names.add(spaces.get(s).name() + "-" + seed + "-" + i);
            }
        }
        List<Sample> samples = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            if (i % (calibrate + heldOut) < calibrate) {
                Sample sample = profile(names.get(i), specs.get(i), board);
                samples.add(sample);
                System.out.printf("calibration %-18s %,13d MACs %,13d instructions%n", names.get(i),
                        sample.profile().layers().stream().mapToLong(LayerProfile.Layer::macs).sum(),
                        sample.profile().inference());
            } else {
                held.add(i);
            }
        }
        LatencyModel model = fit(board.id(), samples);
        model.classes().forEach((k, c) -> System.out.printf("class %-26s %8.3f per unit %8.3f per output %8.0f per layer%n",
                k, c.perUnit(), c.perOutput(), c.perLayer()));
        double worst = 0;
        double sum = 0;
        for (int i : held) {
            Check c = check(names.get(i), specs.get(i), board, model);
            worst = Math.max(worst, Math.abs(c.relativeError()));
            sum += Math.abs(c.relativeError());
            System.out.printf("held out    %-18s %,13d MACs predicted %,13.0f measured %,13d error %+6.2f%%%n",
                    c.name(), c.macs(), c.predicted(), c.measured(), 100 * c.relativeError());
        }
        System.out.printf("%d calibration networks, %d held out: mean |error| %.2f%%, largest %.2f%%%n",
                samples.size(), held.size(), held.isEmpty() ? 0 : 100 * sum / held.size(), 100 * worst);
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[4]), model.toJson());
    }

    private static BoardRunner runner(String name, Graph g, BoardSpec board) {
        return BoardRunner.open(name, "latency calibration", g, board, null, BoardRunner.Options.emulated());
    }

    private static byte[] input(Graph g, String name) {
        byte[] x = new byte[(int) g.tensor(g.inputs().get(0)).sizeBytes()];
        new SplittableRandom(name.hashCode()).nextBytes(x);
        return x;
    }

    /** The spec's layers, one per op of its graph {@code g} (the profile's counts are read by position). */
    private static List<SpecShapes.Layer> shapes(String name, ArchitectureSpec spec, Graph g) {
        List<SpecShapes.Layer> layers = SpecShapes.of(spec);
        if (layers.size() != g.ops().size()) {
            throw new IllegalStateException(name + ": the spec's shapes have " + layers.size() + " layers, its graph "
                    + g.ops().size() + " ops; SpecShapes no longer mirrors SpecBuilder");
        }
        return layers;
    }
}
